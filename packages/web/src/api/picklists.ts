// Option lists the organization edits (行业 industry, 生命周期阶段 stage): read by every
// customer form and label, edited on the settings page.
import { Picklist, type Locale, type PicklistField, type PicklistOption } from '@kehu/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { request } from './client';
import { keys } from './keys';

const PicklistList = z.object({ data: z.array(Picklist) });

export type Picklists = Partial<Record<PicklistField, Picklist>>;

/** Both lists, by field; they change rarely, so a page keeps them for five minutes. */
export function usePicklists() {
  return useQuery({
    queryKey: keys.picklists,
    queryFn: async ({ signal }) => {
      const { data } = await request('GET', '/api/v1/picklists', PicklistList, { signal });
      return Object.fromEntries(data.map((list) => [list.field, list])) as Picklists;
    },
    staleTime: 5 * 60_000,
  });
}

export function useUpdatePicklist() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ field, options, version }: { field: PicklistField; options: PicklistOption[]; version: number }) =>
      request('PUT', `/api/v1/picklists/${field}`, Picklist, { body: { options, version } }),
    onSuccess: (saved) => {
      client.setQueryData<Picklists>(keys.picklists, (old) => ({ ...old, [saved.field]: saved }));
    },
  });
}

/** An option's label in the user's language, falling back to the simplified Chinese one. */
export function optionLabel(option: PicklistOption, locale: Locale): string {
  return option.label[locale] || option.label['zh-CN'];
}
