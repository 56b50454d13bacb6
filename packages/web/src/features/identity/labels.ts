// Display names for identity objects: built-in roles by key (translated),
// permissions by area and action.
import { builtinRoleKeys, type BuiltinRoleKey } from '@kehu/shared';
import type { TFunction } from 'i18next';
import { translateOr } from '../../i18n';

export function isBuiltinKey(key: string | null): key is BuiltinRoleKey {
  return key !== null && (builtinRoleKeys as readonly string[]).includes(key);
}

export function roleName(role: { key: string | null; name: string }, t: TFunction): string {
  return isBuiltinKey(role.key) ? t(`roles.builtin.${role.key}`) : role.name;
}

export function roleDescription(role: { key: string | null; description: string }, t: TFunction): string {
  return isBuiltinKey(role.key) ? t(`roles.builtinDescription.${role.key}`) : role.description;
}

/** Translated "area · action" for a permission string, or the string itself if unknown. */
export function permissionLabel(permission: string, t: TFunction): string {
  const [area = permission, action = ''] = permission.split(':');
  const areaLabel = translateOr(t, `permissions.areas.${area}`, area);
  return action ? `${areaLabel} · ${translateOr(t, `permissions.actions.${action}`, action)}` : areaLabel;
}
