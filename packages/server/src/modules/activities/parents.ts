// Records besides customers that activities can belong to — a lead before it is a customer.
// The module that owns the record registers it, so activities need not know about sales.
import type { Ctx } from '../../platform/context.js';

export interface ActivityParent {
  /** The record as the user may see it, or null when it does not exist for them. */
  find(ctx: Ctx, id: string): Promise<{ name: string; open: boolean; customerId: string | null } | null>;
  /** Called in the same transaction after one of its activities is logged, changed or deleted. */
  changed?(ctx: Ctx, id: string): Promise<void>;
}

const parents = new Map<string, ActivityParent>();

export function registerActivityParent(type: string, parent: ActivityParent): void {
  parents.set(type, parent);
}

export function activityParent(type: string): ActivityParent | null {
  return parents.get(type) ?? null;
}

/** Lets the record an activity is related to react (a lead's score counts its activities). */
export async function relatedChanged(ctx: Ctx, related: { type: string; id: string } | null | undefined): Promise<void> {
  if (related) await parents.get(related.type)?.changed?.(ctx, related.id);
}
