// 线索评分: the points a lead earns for what it says about itself and for each follow-up,
// the points it loses per idle week, and the scores at which it counts as hot or warm.
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { ScoringRule, ScoringSettings } from '@kehu/shared';
import { App, Button, Card, Col, Flex, Form, Input, InputNumber, Popconfirm, Radio, Row, Select, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSaveScoringSettings, useScoringSettings } from '../../api/leads';
import { DataList } from '../../components/data-list';
import { ErrorState } from '../../components/error-state';
import { FormDrawer } from '../../components/form-drawer';
import { FormActions, FormProblem, useFormProblem } from '../../components/forms';
import { PageHeader } from '../../components/page-header';
import { EmptyState, PageSkeleton } from '../../components/page-state';
import { useIsPhone } from '../../components/use-is-phone';
import { ConditionInputs, conditionFromForm, conditionToForm, newRuleId, SaveBar, useDescribeCondition, useRuleFields, type ConditionValues } from './lead-rule-parts';

type ActivityRule = Extract<ScoringRule, { kind: 'activity' }>;
type ActivityKind = ActivityRule['activityKind'];
const activityKinds: ActivityKind[] = ['call', 'meeting', 'visit', 'email', 'sms', 'wechat', 'note'];
type Direction = 'any' | 'inbound' | 'outbound';

interface Values {
  rules: ScoringRule[];
  decay: ScoringSettings['decay'];
  bands: ScoringSettings['bands'];
}

const bandColors = { hot: '#f5222d', warm: '#fa8c16', cold: '#1677ff' } as const;

/** Words for an activity and its direction: calls are 呼入/呼出, messages 收到/发出. */
function useActivityWords() {
  const { t } = useTranslation();
  return (rule: Pick<ActivityRule, 'activityKind' | 'direction'>) => {
    const kind = t(`activities.kinds.${rule.activityKind}`);
    if (!rule.direction) return t('leadRules.scoring.activityAny', { kind });
    const direction = t(`activities.directions.${rule.activityKind === 'call' ? 'call' : 'message'}.${rule.direction}`);
    return t('leadRules.scoring.activityDirected', { kind, direction });
  };
}

function Points({ points, each }: { points: number; each?: boolean }) {
  const { t } = useTranslation();
  const signed = points > 0 ? `+${points}` : String(points);
  return <Tag color={points >= 0 ? 'green' : 'red'}>{each ? t('leadRules.scoring.pointsEach', { points: signed }) : t('leadRules.scoring.points', { points: signed })}</Tag>;
}

// ---- One rule, in the drawer ----

interface RuleValues {
  kind: ScoringRule['kind'];
  label: string;
  condition: ConditionValues;
  points: number;
  activityKind: ActivityKind;
  direction: Direction;
  maxPoints: number;
}

function RuleForm({ rule, onDone, onCancel }: { rule?: ScoringRule; onDone: (rule: ScoringRule) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<RuleValues>();
  const fields = useRuleFields();
  const kind = Form.useWatch('kind', form) ?? rule?.kind ?? 'field';
  const initialValues: RuleValues = {
    kind: rule?.kind ?? 'field',
    label: rule?.label ?? '',
    condition: rule?.kind === 'field' ? conditionToForm(rule.condition, fields) : { field: 'source', op: 'is', value: undefined },
    points: rule?.points ?? 10,
    activityKind: rule?.kind === 'activity' ? rule.activityKind : 'call',
    direction: rule?.kind === 'activity' ? (rule.direction ?? 'any') : 'any',
    maxPoints: rule?.kind === 'activity' ? rule.maxPoints : 30,
  };
  const onFinish = (v: RuleValues) => {
    const id = rule?.id ?? newRuleId();
    const label = v.label.trim();
    onDone(
      v.kind === 'field'
        ? { id, label, kind: 'field', condition: conditionFromForm(v.condition, fields), points: v.points }
        : { id, label, kind: 'activity', activityKind: v.activityKind, direction: v.direction === 'any' ? null : v.direction, points: v.points, maxPoints: v.maxPoints },
    );
  };
  const directionLabel = (d: Exclude<Direction, 'any'>) =>
    t('leadRules.scoring.directionOption', { call: t(`activities.directions.call.${d}`), message: t(`activities.directions.message.${d}`) });

  return (
    <Form<RuleValues> form={form} layout="vertical" name="lead-scoring-rule" initialValues={initialValues} onFinish={onFinish}>
      <Form.Item name="kind" label={t('leadRules.scoring.form.kind')}>
        <Radio.Group optionType="button" buttonStyle="solid">
          <Radio.Button value="field">{t('leadRules.scoring.kinds.field')}</Radio.Button>
          <Radio.Button value="activity">{t('leadRules.scoring.kinds.activity')}</Radio.Button>
        </Radio.Group>
      </Form.Item>
      <Form.Item
        name="label"
        label={t('leadRules.scoring.form.label')}
        extra={t('leadRules.scoring.form.labelHint')}
        rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 100 }]}
      >
        <Input autoComplete="off" />
      </Form.Item>
      {kind === 'field' ? (
        <>
          <Form.Item label={t('leadRules.scoring.form.condition')} required style={{ marginBottom: 0 }}>
            <ConditionInputs at={['condition']} path={['condition']} />
          </Form.Item>
          <Form.Item name="points" label={t('leadRules.scoring.form.points')} extra={t('leadRules.scoring.form.pointsHint')} rules={[{ required: true, message: t('validation.required') }]}>
            <InputNumber min={-100} max={100} precision={0} suffix={t('leadRules.scoring.pointsUnit')} style={{ width: 160 }} />
          </Form.Item>
        </>
      ) : (
        <>
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item name="activityKind" label={t('leadRules.scoring.form.activityKind')}>
                <Select options={activityKinds.map((k) => ({ value: k, label: t(`activities.kinds.${k}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="direction" label={t('leadRules.scoring.form.direction')}>
                <Select
                  options={[
                    { value: 'any', label: t('leadRules.scoring.directionAny') },
                    { value: 'inbound', label: directionLabel('inbound') },
                    { value: 'outbound', label: directionLabel('outbound') },
                  ]}
                />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item name="points" label={t('leadRules.scoring.form.perActivity')} rules={[{ required: true, message: t('validation.required') }]}>
                <InputNumber min={-100} max={100} precision={0} suffix={t('leadRules.scoring.pointsUnit')} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="maxPoints" label={t('leadRules.scoring.form.maxPoints')} extra={t('leadRules.scoring.form.maxPointsHint')} rules={[{ required: true, message: t('validation.required') }]}>
                <InputNumber min={0} max={100} precision={0} suffix={t('leadRules.scoring.pointsUnit')} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        </>
      )}
      <FormActions onCancel={onCancel} submitLabel={t('leadRules.scoring.form.done')} loading={false} testId="scoring-rule-done" />
    </Form>
  );
}

// ---- The list of rules (the form's `rules` field) ----

type RuleMode = { kind: 'create' } | { kind: 'edit'; index: number };

function RulesEditor({ value = [], onChange }: { value?: ScoringRule[]; onChange?: (rules: ScoringRule[]) => void }) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const describe = useDescribeCondition();
  const activityWords = useActivityWords();
  const [mode, setMode] = useState<RuleMode | null>(null);
  type Row = ScoringRule & { index: number };
  const rows: Row[] = value.map((r, index) => ({ ...r, index }));

  const checks = (r: ScoringRule) => (r.kind === 'field' ? describe(r.condition) : activityWords(r));
  const points = (r: ScoringRule) =>
    r.kind === 'field' ? (
      <Points points={r.points} />
    ) : (
      <Flex gap={4} wrap align="center">
        <Points points={r.points} each />
        <Typography.Text type="secondary">{t('leadRules.scoring.maxTotal', { max: r.maxPoints })}</Typography.Text>
      </Flex>
    );
  const actions = (r: Row) => (
    <Flex gap={8} justify="flex-end">
      <Button icon={<EditOutlined aria-hidden />} onClick={() => setMode({ kind: 'edit', index: r.index })} aria-label={t('leadRules.scoring.editNamed', { name: r.label })}>
        {isPhone ? null : t('common.edit')}
      </Button>
      <Popconfirm
        title={t('leadRules.scoring.removeConfirm', { name: r.label })}
        description={t('leadRules.unsavedUntilSave')}
        okText={t('common.delete')}
        okButtonProps={{ danger: true }}
        cancelText={t('common.cancel')}
        onConfirm={() => onChange?.(value.filter((_r, i) => i !== r.index))}
      >
        <Button danger icon={<DeleteOutlined aria-hidden />} aria-label={t('leadRules.scoring.removeNamed', { name: r.label })} />
      </Popconfirm>
    </Flex>
  );
  const columns: ColumnsType<Row> = [
    { title: t('leadRules.scoring.columns.label'), key: 'label', render: (_v, r) => <Typography.Text strong>{r.label}</Typography.Text> },
    { title: t('leadRules.scoring.columns.checks'), key: 'checks', render: (_v, r) => checks(r) },
    { title: t('leadRules.scoring.columns.points'), key: 'points', render: (_v, r) => points(r) },
    { title: t('common.actions'), key: 'actions', align: 'right', render: (_v, r) => actions(r) },
  ];
  const renderCard = (r: Row) => (
    <Flex vertical gap={6}>
      <Flex justify="space-between" align="flex-start" gap={8}>
        <Typography.Text strong>{r.label}</Typography.Text>
        {actions(r)}
      </Flex>
      <Typography.Text type="secondary">{checks(r)}</Typography.Text>
      {points(r)}
    </Flex>
  );

  return (
    <>
      <DataList<Row>
        data={rows}
        rowKey={(r) => r.id}
        columns={columns}
        renderCard={renderCard}
        empty={<EmptyState description={t('leadRules.scoring.empty')} />}
        testId="scoring-rules"
      />
      <Button icon={<PlusOutlined aria-hidden />} onClick={() => setMode({ kind: 'create' })} style={{ marginTop: 12 }} data-testid="scoring-rule-add">
        {t('leadRules.scoring.add')}
      </Button>
      <FormDrawer<RuleMode>
        mode={mode}
        onClose={() => setMode(null)}
        title={(shown) => (shown.kind === 'edit' ? t('leadRules.scoring.editTitle') : t('leadRules.scoring.createTitle'))}
      >
        {(shown) => (
          <RuleForm
            rule={shown.kind === 'edit' ? value[shown.index] : undefined}
            onCancel={() => setMode(null)}
            onDone={(rule) => {
              onChange?.(shown.kind === 'edit' ? value.map((r, i) => (i === shown.index ? rule : r)) : [...value, rule]);
              setMode(null);
            }}
          />
        )}
      </FormDrawer>
    </>
  );
}

// ---- Bands and decay ----

/** 0–100 as one bar: cold, warm and hot, split where the bands begin. */
function BandBar({ warm, hot }: { warm: number; hot: number }) {
  const { t } = useTranslation();
  const w = Math.min(Math.max(warm, 0), 100);
  const h = Math.min(Math.max(hot, w), 100);
  const parts = [
    { band: 'cold' as const, from: 0, to: w, range: w > 0 ? `0–${w - 1}` : '' },
    { band: 'warm' as const, from: w, to: h, range: h > w ? `${w}–${h - 1}` : '' },
    { band: 'hot' as const, from: h, to: 100, range: `${h}–100` },
  ];
  return (
    <div aria-label={t('leadRules.scoring.bandBar')} data-testid="band-bar">
      <Flex style={{ height: 28, borderRadius: 6, overflow: 'hidden' }}>
        {parts.map((p) =>
          p.to > p.from || p.band === 'hot' ? (
            <div
              key={p.band}
              style={{ flex: `${Math.max(p.to - p.from, 1)} 0 0`, background: bandColors[p.band], color: '#fff', fontSize: 12, display: 'flex', alignItems: 'center', justifyContent: 'center', whiteSpace: 'nowrap', overflow: 'hidden' }}
            >
              {t(`leadRules.bands.${p.band}`)}
            </div>
          ) : null,
        )}
      </Flex>
      <Flex justify="space-between" style={{ marginTop: 4 }}>
        {parts.map((p) => (
          <Typography.Text key={p.band} type="secondary" style={{ fontSize: 12 }}>
            {p.range ? t('leadRules.scoring.bandRange', { band: t(`leadRules.bands.${p.band}`), range: p.range }) : null}
          </Typography.Text>
        ))}
      </Flex>
    </div>
  );
}

function ScoringEditor({ settings, onReload }: { settings: ScoringSettings; onReload: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const problem = useFormProblem(form);
  const save = useSaveScoringSettings();
  const [dirty, setDirty] = useState(false);
  const warm = Form.useWatch(['bands', 'warm'], form) ?? settings.bands.warm;
  const hot = Form.useWatch(['bands', 'hot'], form) ?? settings.bands.hot;
  const graceDays = Form.useWatch(['decay', 'graceDays'], form) ?? settings.decay.graceDays;
  const pointsPerWeek = Form.useWatch(['decay', 'pointsPerWeek'], form) ?? settings.decay.pointsPerWeek;

  const onFinish = (v: Values) => {
    problem.clear();
    save.mutate(
      { rules: v.rules, decay: v.decay, bands: v.bands, version: settings.version },
      { onSuccess: () => void message.success(t('leadRules.scoring.saved')), onError: problem.onError },
    );
  };
  const number = (name: ['bands' | 'decay', string], min: number, max: number, unit: string, extra?: string, dependencies?: ['bands', string][]) => (
    <Form.Item
      name={name}
      label={t(`leadRules.scoring.fields.${name[1]}` as 'leadRules.scoring.fields.hot')}
      extra={extra}
      dependencies={dependencies}
      rules={[
        { required: true, message: t('validation.required') },
        ...(name[1] === 'warm'
          ? [({ getFieldValue }: { getFieldValue: (n: string[]) => unknown }) => ({
              validator: (_r: unknown, value: number | null) =>
                value === null || value === undefined || value < Number(getFieldValue(['bands', 'hot'])) ? Promise.resolve() : Promise.reject(new Error(t('leadRules.scoring.bandsOrder'))),
            })]
          : []),
      ]}
    >
      <InputNumber min={min} max={max} precision={0} suffix={unit} style={{ width: '100%' }} />
    </Form.Item>
  );

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      name="lead-scoring"
      initialValues={{ rules: settings.rules, decay: settings.decay, bands: settings.bands }}
      onValuesChange={() => setDirty(true)}
      onFinish={onFinish}
    >
      <Card title={t('leadRules.scoring.rulesTitle')} style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">{t('leadRules.scoring.rulesHint')}</Typography.Paragraph>
        <Form.Item name="rules" style={{ marginBottom: 0 }}>
          <RulesEditor />
        </Form.Item>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card title={t('leadRules.scoring.bandsTitle')} style={{ marginBottom: 16 }}>
            <Row gutter={16}>
              <Col span={12}>{number(['bands', 'hot'], 1, 100, t('leadRules.scoring.pointsUnit'), t('leadRules.scoring.hints.hot'))}</Col>
              <Col span={12}>{number(['bands', 'warm'], 0, 99, t('leadRules.scoring.pointsUnit'), t('leadRules.scoring.hints.warm'), [['bands', 'hot']])}</Col>
            </Row>
            <BandBar warm={Number(warm) || 0} hot={Number(hot) || 0} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('leadRules.scoring.decayTitle')} style={{ marginBottom: 16 }}>
            <Row gutter={16}>
              <Col span={12}>{number(['decay', 'graceDays'], 0, 365, t('leadRules.scoring.daysUnit'))}</Col>
              <Col span={12}>{number(['decay', 'pointsPerWeek'], 0, 100, t('leadRules.scoring.pointsUnit'))}</Col>
            </Row>
            <Typography.Text type="secondary" data-testid="decay-summary">
              {Number(pointsPerWeek) > 0 ? t('leadRules.scoring.decaySummary', { days: graceDays ?? 0, points: pointsPerWeek }) : t('leadRules.scoring.decayOff')}
            </Typography.Text>
          </Card>
        </Col>
      </Row>
      <SaveBar dirty={dirty} saving={save.isPending} onDiscard={() => { form.resetFields(); problem.clear(); setDirty(false); }} testId="scoring-save">
        <FormProblem state={problem} onReload={onReload} />
      </SaveBar>
    </Form>
  );
}

export function LeadScoringPage() {
  const { t } = useTranslation();
  const settings = useScoringSettings();
  return (
    <>
      <PageHeader title={t('leadRules.scoring.title')} description={t('leadRules.scoring.description')} />
      {settings.isPending ? (
        <PageSkeleton />
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <ScoringEditor key={settings.data.version} settings={settings.data} onReload={() => void settings.refetch()} />
      )}
    </>
  );
}
