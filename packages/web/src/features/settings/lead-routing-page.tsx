// 线索分配: the rules that pick a new lead's owner, tried in order until one matches — a
// person, a team or a list of people in turn, or whoever has the fewest open leads — the
// fallback owner for the rest, and rerouting the open leads nobody has worked yet.
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, EditOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import type { RoutingRule, RoutingSettings } from '@kehu/shared';
import { Alert, App, Button, Card, Checkbox, Flex, Form, Input, Popconfirm, Radio, Select, Switch, Tag, TreeSelect, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { useTeams, useUser, useUserLookup } from '../../api/identity';
import { useRerouteLeads, useRoutingSettings, useSaveRoutingSettings } from '../../api/leads';
import { DataList } from '../../components/data-list';
import { ErrorState } from '../../components/error-state';
import { FormDrawer } from '../../components/form-drawer';
import { FormActions, FormProblem, useFormProblem } from '../../components/forms';
import { PageHeader } from '../../components/page-header';
import { EmptyState, PageSkeleton } from '../../components/page-state';
import { useDebounced } from '../../components/use-debounced';
import { useIsPhone } from '../../components/use-is-phone';
import { OwnerSelect } from '../customers/owner-select';
import { teamTreeOptions } from '../identity/team-tree';
import { ConditionInputs, conditionFromForm, conditionToForm, newRuleId, SaveBar, useDescribeCondition, useRuleFields, type ConditionValues } from './lead-rule-parts';

type TargetKind = RoutingRule['target']['kind'];
const targetKinds: TargetKind[] = ['user', 'round_robin', 'least_loaded'];

interface Values {
  rules: RoutingRule[];
  fallbackOwnerId: string | null;
}

// ---- People and teams by name ----

/** A user's name: from the lookup most pages have loaded, else asked for by id. */
function UserName({ id }: { id: string }) {
  const { t } = useTranslation();
  const lookup = useUserLookup('');
  const known = lookup.data?.find((u) => u.id === id);
  const user = useUser(known || lookup.isPending ? null : id);
  if (known) return <>{known.name}</>;
  if (user.isError) return <>{t('leadRules.routing.unknownUser')}</>;
  return <>{user.data?.name ?? '…'}</>;
}

const userLabel = ({ label, value }: { label?: ReactNode; value?: string | number }) =>
  label !== undefined && label !== value ? label : <UserName id={String(value)} />;

/** Several users, searched by name on the server. */
function UsersSelect({ value, onChange, id }: { value?: string[]; onChange?: (ids: string[]) => void; id?: string }) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const users = useUserLookup(useDebounced(typed.trim(), 250));
  return (
    <Select<string[]>
      id={id}
      mode="multiple"
      value={value}
      onChange={onChange}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      loading={users.isFetching}
      options={(users.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
      labelRender={userLabel}
      placeholder={t('leadRules.routing.form.usersPlaceholder')}
    />
  );
}

function useTeamNames() {
  const teams = useTeams();
  return useMemo(() => new Map((teams.data ?? []).map((team) => [team.id, team.name])), [teams.data]);
}

/** "分给 李娜", "轮流分给 [华东销售组 全体成员] [张伟]". */
function TargetWords({ target }: { target: RoutingRule['target'] }) {
  const { t } = useTranslation();
  const teams = useTeamNames();
  const lead = <Typography.Text type="secondary">{t(`leadRules.routing.targetWords.${target.kind}`)}</Typography.Text>;
  if (target.kind === 'user') {
    return (
      <Flex gap={4} wrap align="center">
        {lead}
        <Tag>
          <UserName id={target.userId} />
        </Tag>
      </Flex>
    );
  }
  return (
    <Flex gap={4} wrap align="center">
      {lead}
      {target.teamId ? (
        <Tag icon={<TeamOutlined aria-hidden />} color="blue">
          {t('leadRules.routing.teamMembers', { team: teams.get(target.teamId) ?? '…' })}
        </Tag>
      ) : null}
      {(target.userIds ?? []).map((userId) => (
        <Tag key={userId}>
          <UserName id={userId} />
        </Tag>
      ))}
    </Flex>
  );
}

// ---- One rule, in the drawer ----

interface RuleValues {
  name: string;
  enabled: boolean;
  conditions: ConditionValues[];
  targetKind: TargetKind;
  userId?: string | null;
  teamId?: string | null;
  userIds?: string[];
}

function RuleForm({ rule, onDone, onCancel }: { rule?: RoutingRule; onDone: (rule: RoutingRule) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<RuleValues>();
  const fields = useRuleFields();
  const teams = useTeams();
  const teamOptions = useMemo(() => teamTreeOptions(teams.data ?? []), [teams.data]);
  const targetKind = Form.useWatch('targetKind', form) ?? rule?.target.kind ?? 'user';
  const target = rule?.target;
  const initialValues: RuleValues = {
    name: rule?.name ?? '',
    enabled: rule?.enabled ?? true,
    conditions: rule ? rule.conditions.map((c) => conditionToForm(c, fields)) : [{ field: 'province', op: 'is', value: undefined }],
    targetKind: target?.kind ?? 'user',
    userId: target?.kind === 'user' ? target.userId : null,
    teamId: target && target.kind !== 'user' ? (target.teamId ?? null) : null,
    userIds: target && target.kind !== 'user' ? (target.userIds ?? []) : [],
  };
  const onFinish = (v: RuleValues) => {
    const conditions = v.conditions.map((c) => conditionFromForm(c, fields));
    onDone({
      id: rule?.id ?? newRuleId(),
      name: v.name.trim(),
      enabled: v.enabled,
      conditions,
      target: v.targetKind === 'user' ? { kind: 'user', userId: v.userId! } : { kind: v.targetKind, teamId: v.teamId ?? null, userIds: v.userIds ?? [] },
    });
  };

  return (
    <Form<RuleValues> form={form} layout="vertical" name="lead-routing-rule" initialValues={initialValues} onFinish={onFinish}>
      <Form.Item name="name" label={t('leadRules.routing.form.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 100 }]}>
        <Input autoComplete="off" placeholder={t('leadRules.routing.form.namePlaceholder')} />
      </Form.Item>
      <Form.Item name="enabled" label={t('leadRules.routing.form.enabled')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.Item label={t('leadRules.routing.form.conditions')} extra={t('leadRules.routing.form.conditionsHint')}>
        <Form.List name="conditions">
          {(rows, { add, remove }) => (
            <>
              {rows.map((row) => (
                <ConditionInputs key={row.key} at={[row.name]} path={['conditions', row.name]} onRemove={() => remove(row.name)} />
              ))}
              <Button icon={<PlusOutlined aria-hidden />} onClick={() => add({ field: 'source', op: 'is', value: undefined })} data-testid="routing-condition-add">
                {rows.length ? t('leadRules.routing.form.addCondition') : t('leadRules.routing.form.addFirstCondition')}
              </Button>
            </>
          )}
        </Form.List>
      </Form.Item>
      <Form.Item name="targetKind" label={t('leadRules.routing.form.target')}>
        <Radio.Group>
          <Flex vertical gap={4}>
            {targetKinds.map((kind) => (
              <Radio key={kind} value={kind}>
                {t(`leadRules.routing.targetKinds.${kind}`)}
              </Radio>
            ))}
          </Flex>
        </Radio.Group>
      </Form.Item>
      {targetKind === 'user' ? (
        <Form.Item name="userId" label={t('leadRules.routing.form.user')} rules={[{ required: true, message: t('validation.required') }]}>
          <OwnerSelect labelRender={userLabel} placeholder={t('leadRules.routing.form.userPlaceholder')} />
        </Form.Item>
      ) : (
        <>
          <Form.Item name="teamId" label={t('leadRules.routing.form.team')} extra={t('leadRules.routing.form.teamHint')}>
            <TreeSelect allowClear treeDefaultExpandAll treeData={teamOptions} loading={teams.isPending} placeholder={t('leadRules.routing.form.teamPlaceholder')} />
          </Form.Item>
          <Form.Item
            name="userIds"
            label={t('leadRules.routing.form.users')}
            dependencies={['teamId']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_r, ids: string[] | undefined) =>
                  getFieldValue('teamId') || (ids && ids.length) ? Promise.resolve() : Promise.reject(new Error(t('leadRules.routing.form.targetEmpty'))),
              }),
            ]}
          >
            <UsersSelect />
          </Form.Item>
        </>
      )}
      <FormActions onCancel={onCancel} submitLabel={t('leadRules.routing.form.done')} loading={false} testId="routing-rule-done" />
    </Form>
  );
}

// ---- The ordered rules (the form's `rules` field) ----

type RuleMode = { kind: 'create' } | { kind: 'edit'; index: number };

function RulesEditor({ value = [], onChange }: { value?: RoutingRule[]; onChange?: (rules: RoutingRule[]) => void }) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const describe = useDescribeCondition();
  const [mode, setMode] = useState<RuleMode | null>(null);
  type Row = RoutingRule & { index: number };
  const rows: Row[] = value.map((r, index) => ({ ...r, index }));
  const change = (rules: RoutingRule[]) => onChange?.(rules);
  const move = (from: number, to: number) => {
    const next = [...value];
    const [moved] = next.splice(from, 1);
    next.splice(to, 0, moved!);
    change(next);
  };

  const conditions = (r: RoutingRule) =>
    r.conditions.length ? r.conditions.map(describe).join(t('leadRules.routing.and')) : <Typography.Text type="secondary">{t('leadRules.routing.everyLead')}</Typography.Text>;
  const name = (r: Row) => (
    <Flex gap={8} align="center">
      <Switch size="small" checked={r.enabled} onChange={(enabled) => change(value.map((x, i) => (i === r.index ? { ...x, enabled } : x)))} aria-label={t('leadRules.routing.enableNamed', { name: r.name })} />
      <Typography.Text strong type={r.enabled ? undefined : 'secondary'}>
        {r.name}
      </Typography.Text>
      {r.enabled ? null : <Tag>{t('leadRules.routing.off')}</Tag>}
    </Flex>
  );
  const actions = (r: Row) => (
    <Flex gap={4} justify="flex-end">
      <Button icon={<ArrowUpOutlined aria-hidden />} disabled={r.index === 0} onClick={() => move(r.index, r.index - 1)} aria-label={t('leadRules.routing.moveUp', { name: r.name })} />
      <Button icon={<ArrowDownOutlined aria-hidden />} disabled={r.index === value.length - 1} onClick={() => move(r.index, r.index + 1)} aria-label={t('leadRules.routing.moveDown', { name: r.name })} />
      <Button icon={<EditOutlined aria-hidden />} onClick={() => setMode({ kind: 'edit', index: r.index })} aria-label={t('leadRules.routing.editNamed', { name: r.name })}>
        {isPhone ? null : t('common.edit')}
      </Button>
      <Popconfirm
        title={t('leadRules.routing.removeConfirm', { name: r.name })}
        description={t('leadRules.unsavedUntilSave')}
        okText={t('common.delete')}
        okButtonProps={{ danger: true }}
        cancelText={t('common.cancel')}
        onConfirm={() => change(value.filter((_x, i) => i !== r.index))}
      >
        <Button danger icon={<DeleteOutlined aria-hidden />} aria-label={t('leadRules.routing.removeNamed', { name: r.name })} />
      </Popconfirm>
    </Flex>
  );
  const columns: ColumnsType<Row> = [
    { title: t('leadRules.routing.columns.order'), key: 'order', width: 64, render: (_v, r) => r.index + 1 },
    { title: t('leadRules.routing.columns.name'), key: 'name', render: (_v, r) => name(r) },
    { title: t('leadRules.routing.columns.conditions'), key: 'conditions', render: (_v, r) => conditions(r) },
    { title: t('leadRules.routing.columns.target'), key: 'target', render: (_v, r) => <TargetWords target={r.target} /> },
    { title: t('common.actions'), key: 'actions', align: 'right', render: (_v, r) => actions(r) },
  ];
  const renderCard = (r: Row) => (
    <Flex vertical gap={6}>
      <Flex justify="space-between" align="center" gap={8}>
        <Flex gap={6} align="center">
          <Tag>{r.index + 1}</Tag>
          {name(r)}
        </Flex>
      </Flex>
      <Typography.Text>{conditions(r)}</Typography.Text>
      <TargetWords target={r.target} />
      {actions(r)}
    </Flex>
  );

  return (
    <>
      <DataList<Row>
        data={rows}
        rowKey={(r) => r.id}
        columns={columns}
        renderCard={renderCard}
        empty={<EmptyState description={t('leadRules.routing.empty')} />}
        testId="routing-rules"
      />
      <Button icon={<PlusOutlined aria-hidden />} onClick={() => setMode({ kind: 'create' })} style={{ marginTop: 12 }} data-testid="routing-rule-add">
        {t('leadRules.routing.add')}
      </Button>
      <FormDrawer<RuleMode>
        mode={mode}
        onClose={() => setMode(null)}
        width={720}
        title={(shown) => (shown.kind === 'edit' ? t('leadRules.routing.editTitle') : t('leadRules.routing.createTitle'))}
      >
        {(shown) => (
          <RuleForm
            rule={shown.kind === 'edit' ? value[shown.index] : undefined}
            onCancel={() => setMode(null)}
            onDone={(rule) => {
              change(shown.kind === 'edit' ? value.map((r, i) => (i === shown.index ? rule : r)) : [...value, rule]);
              setMode(null);
            }}
          />
        )}
      </FormDrawer>
    </>
  );
}

// ---- Rerouting the open leads ----

function RerouteCard({ dirty }: { dirty: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reroute = useRerouteLeads();
  const [includeWorked, setIncludeWorked] = useState(false);
  const result = reroute.data;
  return (
    <Card title={t('leadRules.routing.reroute.title')} style={{ marginTop: 16 }} data-testid="reroute">
      <Typography.Paragraph type="secondary">{t('leadRules.routing.reroute.description')}</Typography.Paragraph>
      <Flex gap={16} align="center" wrap>
        <Checkbox checked={includeWorked} onChange={(e) => setIncludeWorked(e.target.checked)}>
          {t('leadRules.routing.reroute.includeWorked')}
        </Checkbox>
        <Popconfirm
          title={t('leadRules.routing.reroute.confirm')}
          description={includeWorked ? t('leadRules.routing.reroute.confirmWorked') : t('leadRules.routing.reroute.confirmUnworked')}
          okText={t('leadRules.routing.reroute.run')}
          cancelText={t('common.cancel')}
          onConfirm={() =>
            reroute.mutate({ includeWorked }, { onError: (error) => void message.error(isApiError(error) ? error.problem.title : t('errors.unknown')) })
          }
          disabled={dirty}
        >
          <Button loading={reroute.isPending} disabled={dirty} data-testid="reroute-run">
            {t('leadRules.routing.reroute.run')}
          </Button>
        </Popconfirm>
        {dirty ? <Typography.Text type="warning">{t('leadRules.routing.reroute.saveFirst')}</Typography.Text> : null}
      </Flex>
      {result ? (
        <Alert
          type="success"
          showIcon
          style={{ marginTop: 16 }}
          title={t('leadRules.routing.reroute.done', { rerouted: result.rerouted, kept: result.kept })}
          data-testid="reroute-result"
        />
      ) : null}
    </Card>
  );
}

function RoutingEditor({ settings, onReload }: { settings: RoutingSettings; onReload: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const problem = useFormProblem(form);
  const save = useSaveRoutingSettings();
  const [dirty, setDirty] = useState(false);
  const onFinish = (v: Values) => {
    problem.clear();
    save.mutate(
      { rules: v.rules, fallbackOwnerId: v.fallbackOwnerId ?? null, version: settings.version },
      { onSuccess: () => void message.success(t('leadRules.routing.saved')), onError: problem.onError },
    );
  };
  return (
    <>
      <Form<Values>
        form={form}
        layout="vertical"
        name="lead-routing"
        initialValues={{ rules: settings.rules, fallbackOwnerId: settings.fallbackOwnerId }}
        onValuesChange={() => setDirty(true)}
        onFinish={onFinish}
      >
        <Card title={t('leadRules.routing.rulesTitle')} style={{ marginBottom: 16 }}>
          <Typography.Paragraph type="secondary">{t('leadRules.routing.rulesHint')}</Typography.Paragraph>
          <Form.Item name="rules" style={{ marginBottom: 0 }}>
            <RulesEditor />
          </Form.Item>
        </Card>
        <Card title={t('leadRules.routing.fallbackTitle')} style={{ marginBottom: 16 }}>
          <Form.Item name="fallbackOwnerId" label={t('leadRules.routing.fallback')} extra={t('leadRules.routing.fallbackHint')} style={{ maxWidth: 420, marginBottom: 0 }}>
            <OwnerSelect allowClear labelRender={userLabel} placeholder={t('leadRules.routing.fallbackNone')} />
          </Form.Item>
        </Card>
        <SaveBar dirty={dirty} saving={save.isPending} onDiscard={() => { form.resetFields(); problem.clear(); setDirty(false); }} testId="routing-save">
          <FormProblem state={problem} onReload={onReload} />
        </SaveBar>
      </Form>
      <RerouteCard dirty={dirty} />
    </>
  );
}

export function LeadRoutingPage() {
  const { t } = useTranslation();
  const settings = useRoutingSettings();
  return (
    <>
      <PageHeader title={t('leadRules.routing.title')} description={t('leadRules.routing.description')} />
      {settings.isPending ? (
        <PageSkeleton />
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <RoutingEditor key={settings.data.version} settings={settings.data} onReload={() => void settings.refetch()} />
      )}
    </>
  );
}
