// Imports area hooks: upload a file, preview and start its import, follow it while the
// server works, read the rejected rows, undo it; and the saved column mappings.
import {
  Import,
  ImportPreview,
  ImportRejectedRow,
  ImportSettings,
  SavedImportMapping,
  SavedImportMappingCreate,
  type ImportObject,
} from '@kehu/shared';
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { buildUrl, request, requestVoid } from './client';
import { keys } from './keys';

const id = (value: string) => encodeURIComponent(value);

export type ImportSettingsBody = z.input<typeof ImportSettings>;

// Kept beside the hooks: nothing outside the import wizard reads or invalidates these.
const importKeys = {
  list: (object: ImportObject) => ['imports', 'list', object] as const,
  detail: (importId: string) => ['imports', 'detail', importId] as const,
  preview: (importId: string, settings: ImportSettingsBody) => ['imports', 'preview', importId, settings] as const,
  sample: (importId: string) => ['imports', 'sample', importId] as const,
  rejected: (importId: string) => ['imports', 'rejected', importId] as const,
  mappings: (object: ImportObject) => ['imports', 'mappings', object] as const,
};

/** States in which the server is still working on the import. */
export const busyImportStatuses: readonly Import['status'][] = ['queued', 'running', 'undoing'];

export function isImportBusy(imp: Import | undefined): boolean {
  return imp !== undefined && busyImportStatuses.includes(imp.status);
}

const ImportList = z.object({ data: z.array(Import) });

/** The latest imports of one object, newest first. */
export function useImports(object: ImportObject) {
  return useQuery({
    queryKey: importKeys.list(object),
    queryFn: ({ signal }) => request('GET', '/api/v1/imports', ImportList, { query: { object, limit: 10 }, signal }),
  });
}

/** One import; polled every second while the server runs or undoes it. */
export function useImport(importId: string | undefined) {
  return useQuery({
    queryKey: importKeys.detail(importId ?? ''),
    queryFn: ({ signal }) => request('GET', `/api/v1/imports/${id(importId ?? '')}`, Import, { signal }),
    enabled: Boolean(importId),
    refetchInterval: (query) => (isImportBusy(query.state.data) ? 1000 : false),
  });
}

/** An import changed state: its record and the recent list. */
function importChanged(client: QueryClient, imp: Import): void {
  client.setQueryData(importKeys.detail(imp.id), imp);
  void client.invalidateQueries({ queryKey: importKeys.list(imp.object) });
}

export function useUploadImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ object, file }: { object: ImportObject; file: File }) => {
      // The server reads `object` before it streams the file, so it must come first.
      const form = new FormData();
      form.append('object', object);
      form.append('file', file, file.name);
      return request('POST', '/api/v1/imports', Import, { body: form });
    },
    onSuccess: (imp) => importChanged(client, imp),
  });
}

/** What the first rows would do with this mapping; nothing is written. */
const ImportSample = z.object({ rows: z.array(z.array(z.string())) });

/** The file's first rows as they are, shown beside each column while choosing the mapping. */
export function useImportSample(importId: string) {
  return useQuery({
    queryKey: importKeys.sample(importId),
    queryFn: ({ signal }) => request('GET', `/api/v1/imports/${id(importId)}/sample`, ImportSample, { query: { limit: 3 }, signal }),
    staleTime: Infinity,
  });
}

export function useImportPreview(importId: string | undefined, settings: ImportSettingsBody | null) {
  return useQuery({
    queryKey: importKeys.preview(importId ?? '', settings ?? { mapping: [] }),
    queryFn: ({ signal }) =>
      request('POST', `/api/v1/imports/${id(importId ?? '')}/preview`, ImportPreview, { body: settings, signal }),
    enabled: Boolean(importId) && settings !== null,
    placeholderData: keepPreviousData,
  });
}

export function useStartImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ importId, body }: { importId: string; body: ImportSettingsBody & { version?: number } }) =>
      request('POST', `/api/v1/imports/${id(importId)}/start`, Import, { body }),
    onSuccess: (imp) => importChanged(client, imp),
  });
}

export function useUndoImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (importId: string) => request('POST', `/api/v1/imports/${id(importId)}/undo`, Import),
    onSuccess: (imp) => importChanged(client, imp),
  });
}

/** Once an import has finished or been undone, the records it touched are stale everywhere. */
export function useImportSettled() {
  const client = useQueryClient();
  return (imp: Import) => {
    void client.invalidateQueries({ queryKey: importKeys.list(imp.object) });
    void client.invalidateQueries({ queryKey: importKeys.rejected(imp.id) });
    void client.invalidateQueries({ queryKey: keys.customers });
  };
}

const RejectedRows = z.object({ data: z.array(ImportRejectedRow) });

/** The first rejected rows with their reasons; the CSV download has them all. */
export function useRejectedRows(importId: string, enabled: boolean) {
  return useQuery({
    queryKey: importKeys.rejected(importId),
    queryFn: ({ signal }) => request('GET', `/api/v1/imports/${id(importId)}/rejected`, RejectedRows, { query: { limit: 100 }, signal }),
    enabled,
  });
}

/** Where the rejected rows download as CSV; the session cookie authenticates the GET. */
export function rejectedCsvUrl(importId: string): string {
  return buildUrl(`/api/v1/imports/${id(importId)}/rejected.csv`);
}

const SavedMappings = z.object({ data: z.array(SavedImportMapping) });

export function useSavedMappings(object: ImportObject) {
  return useQuery({
    queryKey: importKeys.mappings(object),
    queryFn: ({ signal }) => request('GET', '/api/v1/import-mappings', SavedMappings, { query: { object }, signal }),
  });
}

export function useSaveMapping() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof SavedImportMappingCreate>) =>
      request('POST', '/api/v1/import-mappings', SavedImportMapping, { body }),
    onSuccess: (saved) => void client.invalidateQueries({ queryKey: importKeys.mappings(saved.object) }),
  });
}

export function useDeleteMapping() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (mapping: { id: string; object: ImportObject }) => requestVoid('DELETE', `/api/v1/import-mappings/${id(mapping.id)}`),
    onSuccess: (_result, mapping) => void client.invalidateQueries({ queryKey: importKeys.mappings(mapping.object) }),
  });
}
