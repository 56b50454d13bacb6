// My tasks (我的任务): the user's tasks, the team's (for managers) or the watched ones, by
// when they are due; tick one done, open it in a drawer, hand many to someone else.
// The view, tab and open task live in the address, so a notification can link to a task.
import { PlusOutlined } from '@ant-design/icons';
import { taskBuckets, type Task, type TaskBucket } from '@kehu/shared';
import { App, Badge, Button, Checkbox, Flex, Segmented, Space, Tabs, theme, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useCurrentMe } from '../../api/auth';
import { isApiError, VERSION_CONFLICT } from '../../api/client';
import { useTaskCounts, useTasks, useToggleTaskDone, type TaskFilter, type TaskView } from '../../api/tasks';
import { useCan } from '../../app/access';
import { DataList, loadMoreOf } from '../../components/data-list';
import { ErrorState } from '../../components/error-state';
import { PageHeader } from '../../components/page-header';
import { EmptyState, PageSkeleton } from '../../components/page-state';
import { useIsPhone } from '../../components/use-is-phone';
import { OwnerSelect } from '../customers/owner-select';
import { TaskBulkBar } from './task-bulk-bar';
import { TaskDrawer, type TaskDrawerMode } from './task-form';
import { FollowUpList, useOverdueFollowUpCount } from './follow-up-list';
import { ChecklistProgress, DueTime, PriorityTag, RecurrenceIcon } from './task-parts';

const views: TaskView[] = ['mine', 'team', 'watching'];
const isView = (value: string | null): value is TaskView => views.includes(value as TaskView);
const isBucket = (value: string | null): value is TaskBucket => taskBuckets.includes(value as TaskBucket);
const FOLLOW_UPS = 'followUps';

export function TasksPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { token } = theme.useToken();
  const me = useCurrentMe();
  const can = useCan();
  const isPhone = useIsPhone();
  const [params, setParams] = useSearchParams();
  // Reps (record scope "own") may not see the team's tasks; the server answers 403 for them.
  const mayViewTeam = me.scopes.customers !== 'own';
  const requestedView = params.get('view');
  const view: TaskView = isView(requestedView) && (requestedView !== 'team' || mayViewTeam) ? requestedView : 'mine';
  const requestedBucket = params.get('bucket');
  const bucket: TaskBucket = isBucket(requestedBucket) ? requestedBucket : 'today';
  const assigneeId = view === 'team' ? (params.get('assignee') ?? undefined) : undefined;
  // Overdue follow-ups (逾期未跟进) sit beside the task tabs: the user's own customers in "mine",
  // the chosen person's or everyone's in scope in "team".
  const followUpOwnerId = view === 'mine' ? me.user.id : assigneeId;
  const showFollowUps = requestedBucket === FOLLOW_UPS && view !== 'watching';
  const openId = params.get('open');
  const [creating, setCreating] = useState<TaskDrawerMode | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const filter: TaskFilter = useMemo(() => ({ view, bucket, assigneeId }), [view, bucket, assigneeId]);
  const tasks = useTasks(filter);
  const counts = useTaskCounts(view, assigneeId);
  const followUpCount = useOverdueFollowUpCount(followUpOwnerId);
  const toggle = useToggleTaskDone();
  const canWrite = can('activities:write');
  const selectable = canWrite && !isPhone;
  const rows = useMemo(() => tasks.data?.pages.flatMap((page) => page.data) ?? [], [tasks.data]);
  // A ticked-off or reassigned task may leave the list while selected; only rows still shown count.
  const selectedShown = useMemo(() => selected.filter((taskId) => rows.some((task) => task.id === taskId)), [selected, rows]);
  const drawer: TaskDrawerMode | null = openId ? { kind: 'edit', taskId: openId } : creating;

  const update = (change: (next: URLSearchParams) => void) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        change(next);
        return next;
      },
      { replace: true },
    );
  const setParam = (key: string, value: string | undefined) =>
    update((next) => {
      if (value) next.set(key, value);
      else next.delete(key);
    });
  /** Another view, tab or assignee shows other rows, so the selection goes. */
  const setListParam = (key: string, value: string | undefined) => {
    setSelected([]);
    setParam(key, value);
  };

  const setView = (next: TaskView) => {
    setSelected([]);
    update((p) => {
      if (next === 'mine') p.delete('view');
      else p.set('view', next);
      p.delete('assignee');
    });
  };
  const openTask = (task: Task) => setParam('open', task.id);
  const closeDrawer = () => {
    setCreating(null);
    if (openId) setParam('open', undefined);
  };

  const onToggle = (task: Task, done: boolean) =>
    toggle.mutate(
      { task, done },
      {
        onSuccess: () => void message.success(t(done ? 'tasks.completed' : 'tasks.reopened', { title: task.title })),
        onError: (error) => {
          if (isApiError(error, VERSION_CONFLICT)) void message.warning(t('tasks.conflict'));
          else void message.error(isApiError(error) ? error.problem.title : t('errors.unknown'));
        },
      },
    );

  const doneBox = (task: Task) => (
    <Checkbox
      checked={task.status === 'done'}
      disabled={!canWrite || task.status === 'cancelled'}
      onChange={(e) => onToggle(task, e.target.checked)}
      // Round, so "done" does not read as the square row-selection box beside it.
      styles={{ icon: { borderRadius: '50%' } }}
      aria-label={t(task.status === 'done' ? 'tasks.markOpen' : 'tasks.markDone', { title: task.title })}
      data-testid="task-done"
    />
  );

  const titleCell = (task: Task) => (
    <Flex gap={10} align="flex-start">
      <span style={{ paddingTop: 2 }}>{doneBox(task)}</span>
      <Flex vertical gap={2} style={{ minWidth: 0 }}>
        <Typography.Link
          onClick={() => openTask(task)}
          delete={task.status === 'done'}
          style={{ fontWeight: 600, color: task.status === 'done' ? token.colorTextTertiary : undefined }}
          data-testid="task-open"
        >
          {task.title}
        </Typography.Link>
        {task.recurrence !== 'none' || task.checklist.length > 0 ? (
          <Space size={10}>
            <RecurrenceIcon recurrence={task.recurrence} />
            <ChecklistProgress checklist={task.checklist} />
          </Space>
        ) : null}
      </Flex>
    </Flex>
  );

  const customerCell = (task: Task) =>
    task.customerId ? (
      <Link to={`/customers/${task.customerId}`}>{task.customerName ?? task.customerId}</Link>
    ) : (
      <Typography.Text type="secondary">—</Typography.Text>
    );

  const assignee = (task: Task) => task.assigneeName ?? <Typography.Text type="secondary">{t('tasks.unassigned')}</Typography.Text>;

  const columns: ColumnsType<Task> = [
    { key: 'title', title: t('tasks.columns.title'), render: (_v, task) => titleCell(task), width: 360 },
    { key: 'customer', title: t('tasks.columns.customer'), render: (_v, task) => customerCell(task) },
    // In "mine" every row is the user's own, so the column would only repeat their name.
    ...(view === 'mine' ? [] : [{ key: 'assignee', title: t('tasks.columns.assignee'), render: (_v: unknown, task: Task) => assignee(task) }]),
    { key: 'dueAt', title: t('tasks.columns.dueAt'), render: (_v, task) => <DueTime task={task} /> },
    { key: 'priority', title: t('tasks.columns.priority'), render: (_v, task) => <PriorityTag priority={task.priority} /> },
  ];

  const renderCard = (task: Task) => (
    <Flex vertical gap={6} data-testid="task-card">
      <Flex justify="space-between" align="flex-start" gap={8}>
        {titleCell(task)}
        <PriorityTag priority={task.priority} />
      </Flex>
      <Flex gap={8} wrap style={{ paddingInlineStart: 26 }}>
        <DueTime task={task} />
        {task.customerId ? customerCell(task) : null}
        {view !== 'mine' ? <Typography.Text type="secondary">{assignee(task)}</Typography.Text> : null}
      </Flex>
    </Flex>
  );

  const addButton = (testId?: string) =>
    canWrite ? (
      <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating({ kind: 'create' })} data-testid={testId}>
        {t('tasks.add')}
      </Button>
    ) : null;

  const emptyText = !canWrite ? t('tasks.empty.readOnly') : view === 'watching' ? t('tasks.empty.watching') : view === 'team' ? t('tasks.empty.team') : t(`tasks.empty.${bucket}`);
  const emptyAction =
    view === 'watching' ? null : (
      <Space wrap>
        {bucket === 'done' || bucket === 'overdue' ? null : addButton()}
        {bucket === 'today' ? <Button onClick={() => setListParam('bucket', 'upcoming')}>{t('tasks.showUpcoming')}</Button> : null}
      </Space>
    );
  const empty = <EmptyState description={emptyText} action={emptyAction} />;

  const countBadge = (key: string, n: number | undefined, urgent: boolean): ReactNode => {
    if (n === undefined) return null;
    // Overdue numbers are the ones that ask for action, so they alone are red.
    const style = urgent && n > 0 ? undefined : { backgroundColor: token.colorFillSecondary, color: token.colorTextSecondary, boxShadow: 'none' };
    return <Badge count={n} showZero overflowCount={999} style={style} data-testid={`task-count-${key}`} />;
  };
  const tabLabel = (key: string, label: string, count: ReactNode) => (
    <Space size={6} data-testid={`task-tab-${key}`}>
      {label}
      {count}
    </Space>
  );
  const tabs = [
    ...taskBuckets.map((key) => ({ key, label: tabLabel(key, t(`tasks.buckets.${key}`), countBadge(key, counts.data?.[key], key === 'overdue')) })),
    ...(view === 'watching' ? [] : [{ key: FOLLOW_UPS, label: tabLabel(FOLLOW_UPS, t('followUps.title'), countBadge(FOLLOW_UPS, followUpCount.data?.count, true)) }]),
  ];

  const forbidden = isApiError(tasks.error) && tasks.error.status === 403 ? tasks.error : null;

  return (
    <>
      <PageHeader title={t('tasks.title')} description={isPhone ? undefined : t('tasks.description')} extra={addButton('add-task')} />
      <Flex gap={8} wrap align="center" style={{ marginBottom: 4 }}>
        <Segmented<TaskView>
          aria-label={t('tasks.viewLabel')}
          value={view}
          onChange={setView}
          options={views.filter((v) => v !== 'team' || mayViewTeam).map((v) => ({ value: v, label: t(`tasks.views.${v}`) }))}
          block={isPhone}
          style={isPhone ? { width: '100%' } : undefined}
          data-testid="task-view"
        />
        {view === 'team' ? (
          <OwnerSelect
            aria-label={t('tasks.filterAssignee')}
            placeholder={t('tasks.filterAssignee')}
            allowClear
            value={assigneeId}
            onChange={(value?: string) => setListParam('assignee', value)}
            style={{ width: isPhone ? '100%' : 180 }}
            data-testid="task-filter-assignee"
          />
        ) : null}
      </Flex>
      <Tabs
        activeKey={showFollowUps ? FOLLOW_UPS : bucket}
        // Five tabs with counts fit a 375 px phone only with narrower gaps (and scroll beyond).
        tabBarGutter={isPhone ? 16 : undefined}
        onChange={(key) => setListParam('bucket', key === 'today' ? undefined : key)}
        items={tabs}
      />
      {selectable && !showFollowUps && selectedShown.length > 0 ? <TaskBulkBar ids={selectedShown} onDone={() => setSelected([])} /> : null}
      {showFollowUps ? (
        <FollowUpList ownerId={followUpOwnerId} />
      ) : tasks.isPending ? (
        <PageSkeleton />
      ) : forbidden ? (
        <EmptyState description={forbidden.problem.title} action={<Button onClick={() => setView('mine')}>{t('tasks.backToMine')}</Button>} />
      ) : tasks.isError ? (
        <ErrorState error={tasks.error} onRetry={() => void tasks.refetch()} />
      ) : (
        <DataList<Task>
          data={rows}
          rowKey={(task) => task.id}
          columns={columns}
          renderCard={renderCard}
          empty={empty}
          loadMore={loadMoreOf(tasks)}
          selection={selectable ? { keys: selectedShown, onChange: setSelected } : undefined}
          testId="tasks-list"
        />
      )}
      <TaskDrawer mode={drawer} onClose={closeDrawer} />
    </>
  );
}
