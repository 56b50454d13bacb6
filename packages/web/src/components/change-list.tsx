// The fields a change touched, each as "field: before → after".
import { Typography } from 'antd';
import type { ReactNode } from 'react';

export type Changes = Record<string, { before: unknown; after: unknown }>;

/** A stored value as text; empty values show as ∅ so "cleared" is visible. */
export function showValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '∅';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

interface ChangeListProps {
  changes: Changes;
  /** The field's display name; the raw name by default. */
  label?: (field: string) => ReactNode;
  /** One side of a change for display; showValue by default. */
  value?: (field: string, value: unknown) => ReactNode;
}

export function ChangeList({ changes, label = (field) => field, value = (_field, v) => showValue(v) }: ChangeListProps) {
  return Object.entries(changes).map(([field, change]) => (
    <div key={field}>
      <Typography.Text strong>{label(field)}</Typography.Text>
      {': '}
      <Typography.Text delete type="secondary">
        {value(field, change.before)}
      </Typography.Text>
      {' → '}
      <Typography.Text>{value(field, change.after)}</Typography.Text>
    </div>
  ));
}
