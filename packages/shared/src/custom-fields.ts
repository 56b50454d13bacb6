// Contract of custom fields: admins define extra fields per object; values live in `custom`.
import { z } from 'zod';
import { Id, IsoDateTime, Version } from './common.js';

export const customFieldObjects = ['customer', 'contact', 'opportunity', 'lead'] as const;
export const CustomFieldObject = z.enum(customFieldObjects);

export const customFieldTypes = ['text', 'number', 'money', 'date', 'select', 'multi_select', 'boolean', 'user', 'url', 'phone', 'email'] as const;
export const CustomFieldType = z.enum(customFieldTypes);

/** A label in each UI language; zh-CN is required, the others fall back to it. */
export const LocalizedLabel = z.object({
  'zh-CN': z.string().trim().min(1).max(100),
  'zh-TW': z.string().trim().max(100).optional(),
  'en-US': z.string().trim().max(100).optional(),
});

export const CustomFieldOption = z.object({ value: z.string().trim().min(1).max(60), label: LocalizedLabel });

export const CustomField = z.object({
  id: Id,
  object: CustomFieldObject,
  key: z.string(),
  label: LocalizedLabel,
  type: CustomFieldType,
  options: z.array(CustomFieldOption),
  required: z.boolean(),
  position: z.number().int(),
  archived: z.boolean(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Version,
});
export type CustomField = z.infer<typeof CustomField>;

export const CustomFieldCreate = z.object({
  object: CustomFieldObject,
  key: z.string().trim().min(1).max(40).regex(/^[a-z][a-z0-9_]*$/, 'custom_field.key'),
  label: LocalizedLabel,
  type: CustomFieldType,
  options: z.array(CustomFieldOption).max(200).optional(),
  required: z.boolean().optional(),
  position: z.number().int().min(0).max(10000).optional(),
});

export const CustomFieldPatch = CustomFieldCreate.omit({ object: true, key: true, type: true })
  .partial()
  .extend({ archived: z.boolean().optional(), version: Version.optional() });

export const CustomFieldListQuery = z.object({ object: CustomFieldObject.optional() });

/** Values as the API carries them: money as { amount (minor units), currency }, dates as YYYY-MM-DD. */
export const CustomValues = z.record(z.string().max(40), z.unknown());

/** Option lists an organization edits: a customer's industry and lifecycle stage. */
export const picklistFields = ['industry', 'stage', 'win_reason', 'loss_reason', 'disqualify_reason'] as const;
export const PicklistField = z.enum(picklistFields);
export type PicklistField = z.infer<typeof PicklistField>;

export const PicklistOption = z.object({
  value: z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9_]+$/, 'picklist.value'),
  label: LocalizedLabel,
  /** Retired: kept for records that have it, no longer offered. */
  archived: z.boolean().default(false),
});
export type PicklistOption = z.infer<typeof PicklistOption>;

export const Picklist = z.object({ field: PicklistField, options: z.array(PicklistOption), version: z.number().int() });
export type Picklist = z.infer<typeof Picklist>;

export const PicklistUpdate = z.object({ options: z.array(PicklistOption).min(1).max(200), version: z.number().int().min(0) });
export const PicklistParams = z.object({ field: PicklistField });
