// Contract of the shared customer pool (公海): pools of customers without an owner, per team or
// company-wide, their reclaim rules and claim limits, and claiming, releasing and assigning.
import { z } from 'zod';
import { Id, IsoDateTime, ListQuery, Version } from './common.js';
import { CustomerGrade, CustomerType } from './customers.js';

const Days = z.number().int().min(1).max(3650);

export const CustomerPool = z.object({
  id: Id,
  name: z.string(),
  /** The team whose members (and their sub-teams) work the pool; null for a company-wide pool. */
  teamId: Id.nullable(),
  teamName: z.string().nullable(),
  /** The company-wide pool every organization starts with: customers without another home land here. */
  isDefault: z.boolean(),
  /** The nightly job applies the reclaim rules below only when this is on. */
  enabled: z.boolean(),
  /** Reclaim an owned customer after this many days without a follow-up (activity); null: no such rule. */
  followUpDays: z.number().int().nullable(),
  /** Reclaim after this many days without a won deal; null: no such rule. */
  wonDealDays: z.number().int().nullable(),
  /** Warn the owner this many days before a customer returns to the pool. */
  warnDays: z.number().int(),
  /** Claiming stops once a rep owns this many customers; null: no limit. */
  maxOwned: z.number().int().nullable(),
  /** Days before a rep may claim again a customer they released or that was reclaimed from them. */
  claimCooldownDays: z.number().int(),
  /** Customers waiting in the pool now. */
  customerCount: z.number().int(),
  /** How many more customers the signed-in user may claim from it; null: no limit. */
  claimable: z.number().int().nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Version,
});
export type CustomerPool = z.infer<typeof CustomerPool>;

const poolFields = {
  name: z.string().trim().min(1).max(100),
  teamId: Id.nullable().optional(),
  enabled: z.boolean().optional(),
  followUpDays: Days.nullable().optional(),
  wonDealDays: Days.nullable().optional(),
  warnDays: z.number().int().min(0).max(365).optional(),
  maxOwned: z.number().int().min(0).max(1_000_000).nullable().optional(),
  claimCooldownDays: z.number().int().min(0).max(3650).optional(),
};
export const CustomerPoolCreate = z.object(poolFields);
export const CustomerPoolPatch = z.object({ ...poolFields, name: poolFields.name.optional(), version: Version.optional() });

/** How a customer came to be where it is. */
export const poolMoveKinds = ['claim', 'release', 'reclaim', 'assign'] as const;
export const PoolMoveKind = z.enum(poolMoveKinds);
export type PoolMoveKind = z.infer<typeof PoolMoveKind>;

/** The rule that sent a customer back: no follow-up, or no won deal, for too long. */
export const reclaimRules = ['follow_up', 'won_deal'] as const;
export const ReclaimRule = z.enum(reclaimRules);
export type ReclaimRule = z.infer<typeof ReclaimRule>;

/** A customer waiting in a pool, as anyone who may claim from it sees it. */
export const PoolCustomer = z.object({
  id: Id,
  name: z.string(),
  type: CustomerType,
  industry: z.string().nullable(),
  province: z.string().nullable(),
  city: z.string().nullable(),
  grade: CustomerGrade.nullable(),
  stage: z.string(),
  tags: z.array(z.string()),
  poolId: Id,
  enteredAt: IsoDateTime.nullable(),
  /** The last activity logged with the customer. */
  lastActivityAt: IsoDateTime.nullable(),
  /** Who owned it before, how it left them and why. */
  previousOwnerName: z.string().nullable(),
  lastMove: PoolMoveKind.nullable(),
  lastRule: ReclaimRule.nullable(),
  lastReason: z.string().nullable(),
  /** When the signed-in user may claim it again, if they let it go recently; null: now. */
  claimableFrom: IsoDateTime.nullable(),
});
export type PoolCustomer = z.infer<typeof PoolCustomer>;

export const PoolCustomerQuery = ListQuery.extend({ q: z.string().trim().max(100).optional() });

const CustomerIds = z.array(Id).min(1).max(100);

export const PoolClaim = z.object({ customerIds: CustomerIds });
export const PoolRelease = z.object({
  customerIds: CustomerIds,
  reason: z.string().trim().min(1).max(500),
  /** Another pool to put them in (managers); by default each goes back to its own pool. */
  poolId: Id.optional(),
});
export const PoolAssign = z.object({ customerIds: CustomerIds, ownerId: Id });

/** Why one customer of a batch was not claimed, released or assigned. */
export const poolRefusals = ['not_in_pool', 'taken', 'limit_reached', 'cooldown', 'not_owner', 'not_found', 'changed'] as const;
export const PoolRefusal = z.object({
  id: Id,
  /** Null when the customer is not one the user may know about. */
  name: z.string().nullable(),
  code: z.enum(poolRefusals),
  message: z.string(),
});
export type PoolRefusal = z.infer<typeof PoolRefusal>;

/** Each customer succeeds or fails on its own, with its reason. */
export const PoolBatchResult = z.object({
  done: z.array(z.object({ id: Id, name: z.string() })),
  refused: z.array(PoolRefusal),
  /** After a claim: how many more the user may claim from the pool; null: no limit. */
  claimable: z.number().int().nullable().optional(),
});
export type PoolBatchResult = z.infer<typeof PoolBatchResult>;
