// Contract of the identity area: setup, sessions, users, teams, roles, API keys.
import { z } from 'zod';
import { Currency, Id, IsoDateTime, ListQuery, Locale, TimeZone, Version } from './common.js';
import { PermissionName, RecordScope, ScopedObject } from './permissions.js';

export const Email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email())
  .transform((e) => e.toLowerCase());

/** Password policy: long enough, mixes letters and digits. Checked again on the server. */
export const NewPassword = z
  .string()
  .min(10)
  .max(200)
  .regex(/[A-Za-z]/, 'password.letter_required')
  .regex(/[0-9]/, 'password.digit_required');

const PersonName = z.string().trim().min(1).max(100);
const Phone = z.string().trim().max(40).regex(/^[+0-9 ()-]*$/, 'phone.invalid');

export const Organization = z.object({
  name: z.string(),
  defaultLocale: Locale,
  currency: Currency,
  timeZone: TimeZone,
  version: Version,
  updatedAt: IsoDateTime,
});
export type Organization = z.infer<typeof Organization>;

export const OrganizationPatch = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  defaultLocale: Locale.optional(),
  currency: Currency.optional(),
  timeZone: TimeZone.optional(),
  version: Version.optional(),
});

export const SetupStatus = z.object({ needsSetup: z.boolean() });

export const SetupRequest = z.object({
  organizationName: z.string().trim().min(1).max(200),
  defaultLocale: Locale,
  currency: Currency,
  timeZone: TimeZone,
  admin: z.object({ name: PersonName, email: Email, password: NewPassword }),
});

export const LoginRequest = z.object({
  email: Email,
  password: z.string().min(1).max(200),
});

export const UserStatus = z.enum(['active', 'disabled']);

export const RoleRef = z.object({ id: Id, key: z.string().nullable(), name: z.string() });

export const User = z.object({
  id: Id,
  email: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  teamId: Id.nullable(),
  roles: z.array(RoleRef),
  status: UserStatus,
  locale: Locale.nullable(),
  timeZone: z.string().nullable(),
  lastLoginAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Version,
});
export type User = z.infer<typeof User>;

export const UserCreate = z.object({
  email: Email,
  name: PersonName,
  password: NewPassword,
  phone: Phone.optional(),
  teamId: Id.nullable().optional(),
  roleIds: z.array(Id).min(1).max(20),
  locale: Locale.nullable().optional(),
  timeZone: TimeZone.nullable().optional(),
});

export const UserPatch = z.object({
  name: PersonName.optional(),
  phone: Phone.nullable().optional(),
  teamId: Id.nullable().optional(),
  roleIds: z.array(Id).min(1).max(20).optional(),
  status: UserStatus.optional(),
  locale: Locale.nullable().optional(),
  timeZone: TimeZone.nullable().optional(),
  password: NewPassword.optional(),
  version: Version.optional(),
});

export const UserListQuery = ListQuery.extend({
  q: z.string().trim().max(100).optional(),
  teamId: Id.optional(),
  status: UserStatus.optional(),
});

export const MePatch = z.object({
  name: PersonName.optional(),
  phone: Phone.nullable().optional(),
  locale: Locale.nullable().optional(),
  timeZone: TimeZone.nullable().optional(),
  version: Version.optional(),
});

export const PasswordChange = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: NewPassword,
});

export const Me = z.object({
  user: User,
  permissions: z.array(z.string()),
  scopes: z.record(z.string(), RecordScope),
  organization: Organization,
  /** Token to echo in the X-CSRF-Token header on writes (session auth only). */
  csrfToken: z.string().nullable(),
});
export type Me = z.infer<typeof Me>;

export const Team = z.object({
  id: Id,
  name: z.string(),
  parentId: Id.nullable(),
  managerId: Id.nullable(),
  memberCount: z.number().int(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Version,
});
export type Team = z.infer<typeof Team>;

export const TeamCreate = z.object({
  name: z.string().trim().min(1).max(100),
  parentId: Id.nullable().optional(),
  managerId: Id.nullable().optional(),
});

export const TeamPatch = TeamCreate.partial().extend({ version: Version.optional() });

export const Role = z.object({
  id: Id,
  key: z.string().nullable(),
  name: z.string(),
  description: z.string(),
  builtin: z.boolean(),
  permissions: z.array(z.string()),
  scopes: z.record(z.string(), RecordScope),
  userCount: z.number().int(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Version,
});
export type Role = z.infer<typeof Role>;

const ScopeInput = z.partialRecord(ScopedObject, RecordScope);

export const RoleCreate = z.object({
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(500).optional(),
  permissions: z.array(PermissionName).max(500),
  scopes: ScopeInput.optional(),
});

export const RolePatch = RoleCreate.partial().extend({ version: Version.optional() });

export const ApiKey = z.object({
  id: Id,
  name: z.string(),
  prefix: z.string(),
  userId: Id,
  userName: z.string(),
  scopes: z.array(z.string()),
  createdAt: IsoDateTime,
  lastUsedAt: IsoDateTime.nullable(),
  revokedAt: IsoDateTime.nullable(),
});
export type ApiKey = z.infer<typeof ApiKey>;

export const ApiKeyCreate = z.object({
  name: z.string().trim().min(1).max(100),
  /** Limits the key to these permissions; empty or absent means all of the user's. */
  scopes: z.array(PermissionName).max(500).optional(),
});

export const ApiKeyCreated = ApiKey.extend({ key: z.string() });

export const Session = z.object({
  id: Id,
  createdAt: IsoDateTime,
  lastSeenAt: IsoDateTime,
  expiresAt: IsoDateTime,
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});
export type Session = z.infer<typeof Session>;

export const AuditEvent = z.object({
  id: Id,
  at: IsoDateTime,
  actorId: Id.nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  objectType: z.string(),
  objectId: z.string().nullable(),
  changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })).nullable(),
  meta: z.record(z.string(), z.unknown()).nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const AuditQuery = ListQuery.extend({
  actorId: Id.optional(),
  objectType: z.string().max(64).optional(),
  objectId: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
});

/** Names of active users for pickers (owner, assignee, mentions). */
export const UserLookupQuery = z.object({
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const UserLookup = z.object({ data: z.array(z.object({ id: Id, name: z.string(), teamId: Id.nullable() })) });
