// Contract of saved views: a list's filters, sort and columns kept under a name, for oneself or shared with everyone.
import { z } from 'zod';
import { Id, IsoDateTime, Version } from './common.js';

export const viewObjects = ['customers'] as const;
export const ViewObject = z.enum(viewObjects);

export const SavedView = z.object({
  id: Id,
  object: ViewObject,
  name: z.string(),
  shared: z.boolean(),
  ownerId: Id,
  ownerName: z.string().nullable(),
  /** The list's query parameters (filters, conditions, sort), as the list endpoint takes them. */
  query: z.record(z.string(), z.unknown()),
  /** Visible columns in order; empty means the list's default. */
  columns: z.array(z.string()),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Version,
});
export type SavedView = z.infer<typeof SavedView>;

const viewFields = {
  name: z.string().trim().min(1).max(40),
  shared: z.boolean().default(false),
  query: z.record(z.string(), z.unknown()).default({}),
  columns: z.array(z.string().max(60)).max(60).default([]),
};

export const SavedViewCreate = z.object({ object: ViewObject, ...viewFields });
export const SavedViewPatch = z.object({
  name: viewFields.name.optional(),
  shared: z.boolean().optional(),
  query: z.record(z.string(), z.unknown()).optional(),
  columns: viewFields.columns.unwrap().optional(),
  version: Version.optional(),
});
export const SavedViewListQuery = z.object({ object: ViewObject });
