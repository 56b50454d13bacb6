// Small pieces the task list, cards and form share: priority, due time, recurrence,
// checklist progress, and the pickers for watchers and the customer.
import { CheckSquareOutlined, SyncOutlined } from '@ant-design/icons';
import type { Task } from '@kehu/shared';
import { Select, Tag, Tooltip, Typography, type SelectProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCustomers } from '../../api/customers';
import { useUserLookup } from '../../api/identity';
import { SearchSelect, type SearchResult, type SearchSelectProps } from '../../components/search-select';
import { useDebounced } from '../../components/use-debounced';
import { useFormat } from '../../i18n/format';

const priorityColors: Record<Task['priority'], string | undefined> = {
  low: undefined,
  normal: 'blue',
  high: 'orange',
  urgent: 'red',
};

export function PriorityTag({ priority }: { priority: Task['priority'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={priorityColors[priority]} style={{ marginInlineEnd: 0 }} data-testid="task-priority">
      {t(`tasks.priorities.${priority}`)}
    </Tag>
  );
}

/** A task is overdue while open and past its due time. */
export function isOverdue(task: Task): boolean {
  return task.status !== 'done' && task.status !== 'cancelled' && task.dueAt !== null && new Date(task.dueAt).getTime() < Date.now();
}

export function DueTime({ task }: { task: Task }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!task.dueAt) return <Typography.Text type="secondary">{t('tasks.noDue')}</Typography.Text>;
  return (
    <Tooltip title={format.relative(task.dueAt)}>
      <Typography.Text type={isOverdue(task) ? 'danger' : undefined} style={{ whiteSpace: 'nowrap' }} data-testid="task-due">
        {format.dateTime(task.dueAt)}
      </Typography.Text>
    </Tooltip>
  );
}

export function RecurrenceIcon({ recurrence }: { recurrence: Task['recurrence'] }) {
  const { t } = useTranslation();
  if (recurrence === 'none') return null;
  const label = t('tasks.repeats', { rule: t(`tasks.recurrences.${recurrence}`) });
  return (
    <Tooltip title={label}>
      <SyncOutlined aria-label={label} role="img" style={{ color: 'var(--ant-color-text-secondary)' }} data-testid="task-recurrence" />
    </Tooltip>
  );
}

/** "2/5" of a checklist; nothing for a task without one. */
export function ChecklistProgress({ checklist }: { checklist: Task['checklist'] }) {
  const { t } = useTranslation();
  if (checklist.length === 0) return null;
  const done = checklist.filter((item) => item.done).length;
  const label = t('tasks.checklistProgress', { done, total: checklist.length });
  return (
    <Tooltip title={label}>
      <Typography.Text type={done === checklist.length ? 'success' : 'secondary'} aria-label={label} style={{ whiteSpace: 'nowrap' }} data-testid="task-checklist">
        <CheckSquareOutlined aria-hidden /> {done}/{checklist.length}
      </Typography.Text>
    </Tooltip>
  );
}

/** Several users from the same lookup the owner picker uses; chosen ones keep their names while the search moves on. */
export function WatcherSelect({
  knownLabels,
  ...props
}: Omit<SelectProps<string[]>, 'options' | 'showSearch' | 'loading' | 'mode'> & { knownLabels?: Record<string, string> }) {
  const [typed, setTyped] = useState('');
  const users = useUserLookup(useDebounced(typed.trim(), 250));
  const [seen] = useState(() => new Map<string, string>());
  const found = (users.data ?? []).map((user) => ({ value: user.id, label: user.name }));
  for (const option of found) seen.set(option.value, option.label);
  const options = [...found];
  for (const value of props.value ?? []) {
    if (!options.some((o) => o.value === value)) options.unshift({ value, label: seen.get(value) ?? knownLabels?.[value] ?? value });
  }
  return (
    <Select<string[]>
      mode="multiple"
      showSearch={{ filterOption: false, onSearch: setTyped }}
      loading={users.isFetching}
      options={options}
      {...props}
    />
  );
}

function useCustomerChoices(q: string): SearchResult {
  const customers = useCustomers({ q: q || undefined });
  return {
    options: (customers.data?.pages[0]?.data ?? []).map((customer) => ({ value: customer.id, label: customer.name })),
    loading: customers.isFetching,
  };
}

/** A customer the user may see, searched by name on the server. */
export function CustomerSelect(props: Omit<SearchSelectProps, 'useOptions'>) {
  return <SearchSelect useOptions={useCustomerChoices} {...props} />;
}
