// Custom field definitions (自定义字段): read by forms, lists, filters and the import mapping;
// defined and edited by admins on the settings page.
import { CustomField, CustomFieldCreate, CustomFieldPatch, type CustomFieldObject } from '@kehu/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { request } from './client';

type FieldObject = z.infer<typeof CustomFieldObject>;

const fieldKeys = { object: (object: FieldObject) => ['custom-fields', object] as const };

const CustomFields = z.object({ data: z.array(CustomField) });

function fieldsQuery(object: FieldObject) {
  return {
    queryKey: fieldKeys.object(object),
    queryFn: ({ signal }: { signal: AbortSignal }) => request('GET', '/api/v1/custom-fields', CustomFields, { query: { object }, signal }),
    staleTime: 60_000,
  };
}

const byPosition = (a: CustomField, b: CustomField) => a.position - b.position;

/** Every field of an object, archived ones included (settings, and labels of old values). */
export function useCustomFields(object: FieldObject) {
  return useQuery({ ...fieldsQuery(object), select: (res) => [...res.data].sort(byPosition) });
}

/** An object's custom fields still in use, in their order. */
export function useActiveCustomFields(object: FieldObject) {
  return useQuery({ ...fieldsQuery(object), select: (res) => res.data.filter((f) => !f.archived).sort(byPosition) });
}

export type CustomFieldBody = z.input<typeof CustomFieldCreate>;
export type CustomFieldChange = z.input<typeof CustomFieldPatch>;

export function useCreateCustomField() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CustomFieldBody) => request('POST', '/api/v1/custom-fields', CustomField, { body }),
    onSuccess: (field) => void client.invalidateQueries({ queryKey: fieldKeys.object(field.object) }),
  });
}

export function useUpdateCustomField() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ fieldId, body }: { fieldId: string; body: CustomFieldChange }) =>
      request('PATCH', `/api/v1/custom-fields/${encodeURIComponent(fieldId)}`, CustomField, { body }),
    onSuccess: (field) => void client.invalidateQueries({ queryKey: fieldKeys.object(field.object) }),
  });
}
