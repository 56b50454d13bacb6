// Files kept in the database (uploads to import, finished exports), in 1 MB chunks so that
// any server of a cluster can read them and no single row grows large.
import { Readable } from 'node:stream';
import type { Ctx } from './context.js';
import { newId } from './crypto.js';

const CHUNK = 1024 * 1024;

export interface StoredFile {
  id: string;
  name: string;
  contentType: string;
  size: number;
}

/** Stores a stream of bytes; the file becomes readable only once every chunk is written. */
export async function storeFile(
  ctx: Ctx,
  file: { name: string; contentType: string; source: AsyncIterable<Buffer | string>; expiresAt?: string | null; maxBytes?: number },
): Promise<StoredFile> {
  const id = newId();
  await ctx.db.insertInto('files').values({
    id, name: file.name, contentType: file.contentType, size: 0, status: 'partial',
    createdBy: ctx.actor?.userId ?? null, createdAt: ctx.now(), expiresAt: file.expiresAt ?? null,
  }).execute();
  let size = 0;
  let seq = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (!pendingBytes) return;
    await ctx.db.insertInto('fileChunks').values({ fileId: id, seq: seq++, data: Buffer.concat(pending) }).execute();
    pending = [];
    pendingBytes = 0;
  };
  try {
    for await (const part of file.source) {
      const bytes = typeof part === 'string' ? Buffer.from(part) : part;
      size += bytes.length;
      if (file.maxBytes !== undefined && size > file.maxBytes) throw new FileTooLarge(file.maxBytes);
      pending.push(bytes);
      pendingBytes += bytes.length;
      if (pendingBytes >= CHUNK) await flush();
    }
    await flush();
  } catch (err) {
    await deleteFile(ctx, id);
    throw err;
  }
  await ctx.db.updateTable('files').set({ size, status: 'complete' }).where('id', '=', id).execute();
  return { id, name: file.name, contentType: file.contentType, size };
}

export class FileTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`file larger than ${maxBytes} bytes`);
  }
}

export async function findFile(ctx: Ctx, id: string): Promise<StoredFile | undefined> {
  return ctx.db.selectFrom('files').select(['id', 'name', 'contentType', 'size']).where('id', '=', id).where('status', '=', 'complete').executeTakeFirst();
}

/** The file's bytes in order, one chunk in memory at a time. */
export async function* fileChunks(ctx: Ctx, id: string): AsyncGenerator<Buffer> {
  for (let seq = 0; ; seq++) {
    const chunk = await ctx.db.selectFrom('fileChunks').select('data').where('fileId', '=', id).where('seq', '=', seq).executeTakeFirst();
    if (!chunk) return;
    yield Buffer.from(chunk.data);
  }
}

export function fileStream(ctx: Ctx, id: string): Readable {
  return Readable.from(fileChunks(ctx, id));
}

export async function fileBytes(ctx: Ctx, id: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of fileChunks(ctx, id)) parts.push(chunk);
  return Buffer.concat(parts);
}

export async function deleteFile(ctx: Ctx, id: string): Promise<void> {
  await ctx.db.deleteFrom('fileChunks').where('fileId', '=', id).execute();
  await ctx.db.deleteFrom('files').where('id', '=', id).execute();
}

/** Housekeeping: expired files, and uploads cut off half-way a day ago. */
export async function purgeFiles(ctx: Ctx): Promise<number> {
  const now = ctx.now();
  const dayAgo = new Date(ctx.platform.clock.now().getTime() - 24 * 3600_000).toISOString();
  const stale = await ctx.db
    .selectFrom('files')
    .select('id')
    .where((eb) => eb.or([eb('expiresAt', '<', now), eb.and([eb('status', '=', 'partial'), eb('createdAt', '<', dayAgo)])]))
    .execute();
  for (const { id } of stale) await deleteFile(ctx, id);
  return stale.length;
}
