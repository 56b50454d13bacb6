// What the signed-in user may see. The server enforces every rule; the UI only
// hides what would fail anyway.
import type { Me, Permission } from '@kehu/shared';
import { useCurrentMe } from '../api/auth';

export function can(me: Me, permission: Permission): boolean {
  return me.permissions.includes(permission);
}

export function useCan(): (permission: Permission) => boolean {
  const me = useCurrentMe();
  return (permission) => can(me, permission);
}
