// The task form, for a new task and for editing one, in a drawer that any page can open
// (the task list, a customer's page, a notification's link).
import { DeleteOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { recurrences, taskPriorities, taskStatuses, TaskCreate, ChecklistItem, type Task } from '@kehu/shared';
import { App, Button, Checkbox, Col, DatePicker, Flex, Form, Input, Popconfirm, Row, Segmented, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentMe } from '../../api/auth';
import { useCreateTask, useDeleteTask, useTask, useUpdateTask, type TaskPatchBody } from '../../api/tasks';
import { useCan } from '../../app/access';
import { ErrorState } from '../../components/error-state';
import { FormDrawer } from '../../components/form-drawer';
import { FormActions, FormProblem, useFormProblem } from '../../components/forms';
import { PageSkeleton } from '../../components/page-state';
import { zodRule } from '../../components/rules';
import { useFormat, type Formatter } from '../../i18n/format';
import { patchOf, text } from '../customers/form-parts';
import { OwnerSelect } from '../customers/owner-select';
import { CustomerSelect, WatcherSelect } from './task-parts';

export type TaskDrawerMode =
  | { kind: 'create'; customerId?: string; customerName?: string }
  | { kind: 'edit'; taskId: string };

const reminderOffsets = { m15: 15 * 60_000, h1: 60 * 60_000, d1: 24 * 60 * 60_000 } as const;
type ReminderPreset = keyof typeof reminderOffsets;
type ReminderChoice = 'none' | ReminderPreset | 'custom';
const reminderChoices: ReminderChoice[] = ['none', 'm15', 'h1', 'd1', 'custom'];
const isPreset = (choice: ReminderChoice): choice is ReminderPreset => choice in reminderOffsets;

interface ChecklistRow {
  id: string;
  text?: string;
  done?: boolean;
}

interface TaskValues {
  title?: string;
  description?: string;
  assigneeId?: string;
  watcherIds: string[];
  dueAt?: Dayjs | null;
  reminder: ReminderChoice;
  remindAt?: Dayjs | null;
  priority: Task['priority'];
  recurrence: Task['recurrence'];
  status?: Task['status'];
  customerId?: string;
  checklist: ChecklistRow[];
}

/** Every field a save may send, in the API's shape, so an edit sends only what changed. */
type Fields = {
  title: string;
  description: string | null;
  assigneeId: string;
  watcherIds: string[];
  dueAt: string | null;
  remindAt: string | null;
  priority: Task['priority'];
  recurrence: Task['recurrence'];
  status: Task['status'];
  customerId: string | null;
  checklist: Task['checklist'];
};

const shape = TaskCreate.shape;
// Client-side ids for new checklist rows; only unique within the task.
const newItemId = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
const iso = (value: string | null) => (value ? new Date(value).toISOString() : null);

function fieldsOf(task: Task): Fields {
  return {
    title: task.title,
    description: task.description,
    assigneeId: task.assigneeId,
    watcherIds: task.watchers.map((w) => w.id),
    dueAt: iso(task.dueAt),
    remindAt: iso(task.remindAt),
    priority: task.priority,
    recurrence: task.recurrence,
    status: task.status,
    customerId: task.customerId,
    checklist: task.checklist.map(({ id, text, done }) => ({ id, text, done })),
  };
}

/** Which reminder choice a stored reminder is: a preset when it sits exactly that long before the due time. */
function reminderOf(task: Task): ReminderChoice {
  if (!task.remindAt) return 'none';
  if (!task.dueAt) return 'custom';
  const before = new Date(task.dueAt).getTime() - new Date(task.remindAt).getTime();
  return (Object.keys(reminderOffsets) as ReminderPreset[]).find((key) => reminderOffsets[key] === before) ?? 'custom';
}

function valuesOf(task: Task, format: Formatter): TaskValues {
  return {
    title: task.title,
    description: task.description ?? undefined,
    assigneeId: task.assigneeId,
    watcherIds: task.watchers.map((w) => w.id),
    dueAt: format.fromIso(task.dueAt),
    reminder: reminderOf(task),
    remindAt: format.fromIso(task.remindAt),
    priority: task.priority,
    recurrence: task.recurrence,
    status: task.status,
    customerId: task.customerId ?? undefined,
    checklist: task.checklist,
  };
}

function fieldsFrom(v: TaskValues, format: Formatter, fallbackAssignee: string): Fields {
  const dueAt = v.dueAt ? format.toIso(v.dueAt) : null;
  let remindAt: string | null = null;
  if (v.reminder === 'custom') remindAt = v.remindAt ? format.toIso(v.remindAt) : null;
  else if (isPreset(v.reminder) && dueAt) remindAt = new Date(new Date(dueAt).getTime() - reminderOffsets[v.reminder]).toISOString();
  return {
    title: v.title?.trim() ?? '',
    description: text(v.description),
    assigneeId: v.assigneeId ?? fallbackAssignee,
    watcherIds: v.watcherIds ?? [],
    dueAt,
    remindAt,
    priority: v.priority,
    recurrence: v.recurrence,
    status: v.status ?? 'open',
    customerId: v.customerId ?? null,
    // A row left blank is an unused box, not an item.
    checklist: (v.checklist ?? [])
      .map((row) => ({ id: row.id, text: row.text?.trim() ?? '', done: Boolean(row.done) }))
      .filter((row) => row.text !== ''),
  };
}

/** The checklist: tick, edit, add and remove items. */
function ChecklistField() {
  const { t } = useTranslation();
  return (
    <Form.Item label={t('tasks.form.fields.checklist')} style={{ marginBottom: 0 }}>
      <Form.List name="checklist">
        {(rows, { add, remove }) => (
          <>
            {rows.map((row, index) => (
              <Flex key={row.key} gap={8} align="flex-start" data-testid="checklist-item">
                <Form.Item name={[row.name, 'id']} hidden>
                  <Input />
                </Form.Item>
                <Form.Item name={[row.name, 'done']} valuePropName="checked" style={{ marginBottom: 12 }}>
                  <Checkbox aria-label={t('tasks.form.hints.checklistDone', { n: index + 1 })} />
                </Form.Item>
                <Form.Item name={[row.name, 'text']} rules={[zodRule(ChecklistItem.shape.text.optional(), t)]} style={{ flex: 1, marginBottom: 12 }}>
                  <Input autoComplete="off" aria-label={t('tasks.form.hints.checklistItem', { n: index + 1 })} />
                </Form.Item>
                <Button
                  type="text"
                  icon={<MinusCircleOutlined aria-hidden />}
                  onClick={() => remove(row.name)}
                  aria-label={t('tasks.form.hints.removeItem', { n: index + 1 })}
                />
              </Flex>
            ))}
            {rows.length < 100 ? (
              <Form.Item>
                <Button type="dashed" icon={<PlusOutlined aria-hidden />} onClick={() => add({ id: newItemId(), text: '', done: false })} block data-testid="checklist-add">
                  {t('tasks.form.hints.addItem')}
                </Button>
              </Form.Item>
            ) : null}
          </>
        )}
      </Form.List>
    </Form.Item>
  );
}

interface TaskFormProps {
  /** Absent for a new task. */
  task?: Task;
  defaults?: { customerId?: string; customerName?: string };
  onSaved: (task: Task) => void;
  onCancel: () => void;
  onDeleted?: () => void;
  onReload?: () => Promise<Task | undefined>;
}

function TaskForm({ task, defaults, onSaved, onCancel, onDeleted, onReload }: TaskFormProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentMe();
  const can = useCan();
  const format = useFormat();
  const [form] = Form.useForm<TaskValues>();
  const create = useCreateTask();
  const update = useUpdateTask();
  const remove = useDeleteTask();
  const problem = useFormProblem(form);
  const dueAt = Form.useWatch('dueAt', form);
  const reminder = Form.useWatch('reminder', form);
  // The watch is undefined until the form is mounted; the stored value stands in until then.
  const hasDue = dueAt === undefined ? Boolean(task?.dueAt) : Boolean(dueAt);

  const initialValues: TaskValues = task
    ? valuesOf(task, format)
    : {
        assigneeId: me.user.id,
        watcherIds: [],
        reminder: 'none',
        priority: 'normal',
        recurrence: 'none',
        customerId: defaults?.customerId,
        checklist: [],
      };

  const onFinish = (values: TaskValues) => {
    problem.clear();
    const fields = fieldsFrom(values, format, me.user.id);
    if (!task) {
      const { status: _status, ...body } = fields;
      create.mutate(body, { onSuccess: onSaved, onError: problem.onError });
      return;
    }
    const patch = patchOf(fieldsOf(task), fields, task.version);
    if (!patch) {
      void message.info(t('common.noChanges'));
      return;
    }
    update.mutate({ taskId: task.id, body: patch as TaskPatchBody }, { onSuccess: onSaved, onError: problem.onError });
  };

  const reload = async () => {
    const fresh = await onReload?.();
    if (fresh) form.setFieldsValue(valuesOf(fresh, format));
  };

  const half = (node: ReactNode) => (
    <Col xs={24} sm={12}>
      {node}
    </Col>
  );

  const knownUsers: Record<string, string> = Object.fromEntries([
    ...(task?.assigneeName ? [[task.assigneeId, task.assigneeName]] : []),
    ...(task?.watchers ?? []).map((w) => [w.id, w.name]),
  ]);
  const knownCustomer = task?.customerId && task.customerName
    ? { [task.customerId]: task.customerName }
    : defaults?.customerId && defaults.customerName
      ? { [defaults.customerId]: defaults.customerName }
      : undefined;

  return (
    <Form<TaskValues>
      form={form}
      name={task ? 'task-edit' : 'task-create'}
      layout="vertical"
      onFinish={onFinish}
      onValuesChange={(changed: Partial<TaskValues>) => {
        // A reminder "before the due time" means nothing once the due time is gone.
        if ('dueAt' in changed && !changed.dueAt && isPreset(form.getFieldValue('reminder') as ReminderChoice)) {
          form.setFieldValue('reminder', 'none');
        }
      }}
      initialValues={initialValues}
      scrollToFirstError
    >
      <Form.Item name="title" label={t('tasks.form.fields.title')} required rules={[zodRule(shape.title, t)]}>
        <Input autoComplete="off" placeholder={t('tasks.form.hints.title')} autoFocus={!task} data-testid="task-title" />
      </Form.Item>
      <Form.Item name="description" label={t('tasks.form.fields.description')} rules={[zodRule(shape.description, t)]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
      </Form.Item>
      <Row gutter={16}>
        {half(
          <Form.Item name="assigneeId" label={t('tasks.form.fields.assigneeId')}>
            <OwnerSelect knownLabels={knownUsers} aria-label={t('tasks.form.fields.assigneeId')} data-testid="task-assignee" />
          </Form.Item>,
        )}
        {half(
          <Form.Item name="customerId" label={t('tasks.form.fields.customerId')}>
            <CustomerSelect
              allowClear
              placeholder={t('tasks.form.hints.customer')}
              knownLabels={knownCustomer}
              aria-label={t('tasks.form.fields.customerId')}
              data-testid="task-customer"
            />
          </Form.Item>,
        )}
      </Row>
      <Form.Item name="watcherIds" label={t('tasks.form.fields.watcherIds')} extra={t('tasks.form.hints.watchers')}>
        <WatcherSelect
          knownLabels={knownUsers}
          placeholder={t('tasks.form.hints.watchersPlaceholder')}
          aria-label={t('tasks.form.fields.watcherIds')} data-testid="task-watchers" />
      </Form.Item>
      <Row gutter={16}>
        {half(
          <Form.Item name="dueAt" label={t('tasks.form.fields.dueAt')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="task-due-at" />
          </Form.Item>,
        )}
        {half(
          <Form.Item name="reminder" label={t('tasks.form.fields.reminder')} extra={hasDue ? undefined : t('tasks.form.hints.reminderNeedsDue')}>
            <Select<ReminderChoice>
              aria-label={t('tasks.form.fields.reminder')}
              options={reminderChoices.map((choice) => ({
                value: choice,
                label: t(`tasks.form.reminders.${choice}`),
                disabled: isPreset(choice) && !hasDue,
              }))}
              data-testid="task-reminder"
            />
          </Form.Item>,
        )}
      </Row>
      {reminder === 'custom' ? (
        <Row gutter={16}>
          {/* Under the reminder choice it belongs to. */}
          <Col xs={24} sm={{ span: 12, offset: 12 }}>
            <Form.Item name="remindAt" label={t('tasks.form.fields.remindAt')} rules={[{ required: true, message: t('validation.required') }]}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="task-remind-at" />
            </Form.Item>
          </Col>
        </Row>
      ) : null}
      <Form.Item name="priority" label={t('tasks.form.fields.priority')}>
        <Segmented<Task['priority']>
          options={taskPriorities.map((value) => ({ value, label: t(`tasks.priorities.${value}`) }))}
          data-testid="task-priority-field"
        />
      </Form.Item>
      <Row gutter={16}>
        {half(
          <Form.Item name="recurrence" label={t('tasks.form.fields.recurrence')} extra={t('tasks.form.hints.recurrence')}>
            <Select
              aria-label={t('tasks.form.fields.recurrence')}
              options={recurrences.map((value) => ({ value, label: t(`tasks.recurrences.${value}`) }))}
              data-testid="task-recurrence-field"
            />
          </Form.Item>,
        )}
        {task
          ? half(
              <Form.Item name="status" label={t('tasks.form.fields.status')}>
                <Select
                  aria-label={t('tasks.form.fields.status')}
                  options={taskStatuses.map((value) => ({ value, label: t(`tasks.statuses.${value}`) }))}
                  data-testid="task-status"
                />
              </Form.Item>,
            )
          : null}
      </Row>
      <ChecklistField />

      <FormProblem state={problem} onReload={onReload ? () => void reload() : undefined} />
      <Flex gap={8} justify="space-between" align="center" wrap>
        {task && can('activities:write') ? (
          <Popconfirm
            title={t('tasks.form.deleteConfirm', { title: task.title })}
            okText={t('common.delete')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true, loading: remove.isPending, 'data-testid': 'task-delete-confirm' }}
            onConfirm={() =>
              remove.mutateAsync(task.id).then(
                () => {
                  void message.success(t('tasks.form.deleted'));
                  onDeleted?.();
                },
                problem.onError,
              )
            }
          >
            <Button danger type="text" icon={<DeleteOutlined aria-hidden />} data-testid="task-delete">
              {t('tasks.form.delete')}
            </Button>
          </Popconfirm>
        ) : (
          <span />
        )}
        <FormActions
          onCancel={onCancel}
          submitLabel={task ? t('common.save') : t('tasks.form.submitCreate')}
          loading={create.isPending || update.isPending}
          testId="task-submit"
        />
      </Flex>
    </Form>
  );
}

function EditTask({ taskId, onSaved, onCancel, onDeleted }: { taskId: string; onSaved: (task: Task) => void; onCancel: () => void; onDeleted: () => void }) {
  const task = useTask(taskId);
  if (task.isPending) return <PageSkeleton rows={10} />;
  if (task.isError) return <ErrorState error={task.error} onRetry={() => void task.refetch()} />;
  return (
    <TaskForm
      task={task.data}
      onSaved={onSaved}
      onCancel={onCancel}
      onDeleted={onDeleted}
      onReload={async () => (await task.refetch()).data}
    />
  );
}

interface TaskDrawerProps {
  mode: TaskDrawerMode | null;
  onClose: () => void;
  /** After a successful save; the drawer closes itself. */
  onSaved?: (task: Task, mode: TaskDrawerMode) => void;
}

/** New or existing task in a side drawer; pass `{ kind: 'create', customerId, customerName }` to start from a customer. */
export function TaskDrawer({ mode, onClose, onSaved }: TaskDrawerProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (
    <FormDrawer<TaskDrawerMode>
      mode={mode}
      onClose={onClose}
      width={600}
      title={(shown) => (shown.kind === 'edit' ? t('tasks.form.editTitle') : t('tasks.form.createTitle'))}
    >
      {(shown) => {
        const saved = (task: Task) => {
          void message.success(shown.kind === 'create' ? t('tasks.form.created', { title: task.title }) : t('tasks.form.saved'));
          onClose();
          onSaved?.(task, shown);
        };
        return shown.kind === 'create' ? (
          <TaskForm defaults={shown} onSaved={saved} onCancel={onClose} />
        ) : (
          <EditTask key={shown.taskId} taskId={shown.taskId} onSaved={saved} onCancel={onClose} onDeleted={onClose} />
        );
      }}
    </FormDrawer>
  );
}
