// Records besides customers that activities can belong to — a lead before it is a customer.
// The module that owns the record registers it, so activities need not know about sales.
import type { Ctx } from '../../platform/context.js';

export interface ActivityParent {
  /** The record as the user may see it, or null when it does not exist for them. */
  find(ctx: Ctx, id: string): Promise<{ name: string; open: boolean } | null>;
}

const parents = new Map<string, ActivityParent>();

export function registerActivityParent(type: string, parent: ActivityParent): void {
  parents.set(type, parent);
}

export function activityParent(type: string): ActivityParent | null {
  return parents.get(type) ?? null;
}
