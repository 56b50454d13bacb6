// The conditions lead scoring and lead routing share (线索规则): which lead fields a rule can
// look at, how a condition is edited in a form, and how it reads in words on the settings pages.
import { DeleteOutlined } from '@ant-design/icons';
import { customerSources, leadRuleFields, type FieldCondition } from '@kehu/shared';
import { Button, Card, Col, Flex, Form, Input, InputNumber, Row, Select, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentMe } from '../../api/auth';
import { useActiveCustomFields } from '../../api/custom-fields';
import { currentLocale } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { useCustomerOptions } from '../customers/labels';

type Operator = FieldCondition['op'];
/** enum: chosen from a list; money: entered in yuan, kept in minor units (分). */
type FieldKind = 'enum' | 'number' | 'money' | 'text';

export interface RuleField {
  value: string;
  label: string;
  kind: FieldKind;
  options: { value: string; label: string }[];
}

/** A custom field's (or its option's) label in the user's language, else the simplified Chinese one. */
const localized = (label: { 'zh-CN': string; 'zh-TW'?: string; 'en-US'?: string }) => label[currentLocale()] || label['zh-CN'];

const operatorsByKind: Record<FieldKind, Operator[]> = {
  enum: ['is', 'in', 'filled'],
  number: ['gte', 'lte', 'is', 'filled'],
  money: ['gte', 'lte', 'filled'],
  text: ['is', 'in', 'contains', 'filled'],
};

export const operatorsOf = (field: RuleField | undefined): Operator[] => operatorsByKind[field?.kind ?? 'text'];

/** The fields a rule can check: the lead's own, then the organization's custom lead fields. */
export function useRuleFields(): RuleField[] {
  const { t } = useTranslation();
  const options = useCustomerOptions();
  const custom = useActiveCustomFields('lead');
  return useMemo(() => {
    const own = leadRuleFields.map((key): RuleField => {
      const label = t(`leadRules.fields.${key}`);
      if (key === 'source') return { value: key, label, kind: 'enum', options: customerSources.map((s) => ({ value: s, label: t(`customers.sources.${s}`) })) };
      if (key === 'industry') return { value: key, label, kind: 'enum', options: options.industries };
      if (key === 'budget') return { value: key, label, kind: 'money', options: [] };
      return { value: key, label, kind: 'text', options: [] };
    });
    const extra = (custom.data ?? []).map((f): RuleField => {
      const base = { value: `custom.${f.key}`, label: localized(f.label) };
      if (f.type === 'number') return { ...base, kind: 'number', options: [] };
      if (f.type === 'money') return { ...base, kind: 'money', options: [] };
      if (f.type === 'select' || f.type === 'multi_select') return { ...base, kind: 'enum', options: f.options.map((o) => ({ value: o.value, label: localized(o.label) })) };
      if (f.type === 'boolean') return { ...base, kind: 'enum', options: [{ value: 'true', label: t('common.yes') }, { value: 'false', label: t('common.no') }] };
      return { ...base, kind: 'text', options: [] };
    });
    return [...own, ...extra];
  }, [t, options.industries, custom.data]);
}

/** A condition as the form holds it: money in yuan, lists as arrays. */
export interface ConditionValues {
  field: string;
  op: Operator;
  value?: string | number | string[] | null;
}

const fieldOf = (fields: RuleField[], key: string) => fields.find((f) => f.value === key);

export function conditionToForm(c: FieldCondition, fields: RuleField[]): ConditionValues {
  const kind = fieldOf(fields, c.field)?.kind;
  const value = kind === 'money' && typeof c.value === 'number' ? c.value / 100 : c.value;
  return { field: c.field, op: c.op, value: c.op === 'in' && typeof value === 'string' ? [value] : value };
}

export function conditionFromForm(v: ConditionValues, fields: RuleField[]): FieldCondition {
  const kind = fieldOf(fields, v.field)?.kind;
  if (v.op === 'filled') return { field: v.field, op: v.op, value: null };
  if (v.op === 'in') return { field: v.field, op: v.op, value: (Array.isArray(v.value) ? v.value : [String(v.value ?? '')]).map((s) => s.trim()).filter(Boolean) };
  if (kind === 'money') return { field: v.field, op: v.op, value: Math.round(Number(v.value) * 100) };
  if (kind === 'number') return { field: v.field, op: v.op, value: Number(v.value) };
  return { field: v.field, op: v.op, value: String(v.value ?? '').trim() };
}

/** "来源为客户转介绍", "预算 ≥ ¥100,000.00", "已填写手机". */
export function useDescribeCondition() {
  const { t } = useTranslation();
  const fields = useRuleFields();
  const format = useFormat();
  const currency = useCurrentMe().organization.currency;
  return (c: FieldCondition) => describeCondition(c, fields, t, (minor) => format.money(minor, currency), format.number);
}

function describeCondition(c: FieldCondition, fields: RuleField[], t: TFunction, money: (minor: number) => string, number: (n: number) => string): string {
  const field = fieldOf(fields, c.field);
  const one = (v: string | number) => {
    if (field?.kind === 'money') return money(Number(v));
    if (field?.kind === 'number') return number(Number(v));
    if (field?.kind === 'enum') return field.options.find((o) => o.value === String(v))?.label ?? String(v);
    return t('leadRules.quoted', { text: String(v) });
  };
  const values = Array.isArray(c.value) ? c.value : c.value === null || c.value === undefined ? [] : [c.value];
  return t(`leadRules.words.${c.op}`, { field: field?.label ?? c.field, value: values.map(one).join(t('leadRules.listSeparator')) });
}

/** One condition's three inputs: the field, the operator, and a value input that fits both. */
export function ConditionInputs({ at, path, onRemove }: { at: (string | number)[]; path: (string | number)[]; onRemove?: () => void }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const fields = useRuleFields();
  const fieldKey = Form.useWatch<string | undefined>([...path, 'field'], form);
  const op = Form.useWatch<Operator | undefined>([...path, 'op'], form);
  const field = fieldKey ? fieldOf(fields, fieldKey) : undefined;
  const ops = operatorsOf(field);

  const valueInput = () => {
    if (op === 'in') {
      return field?.kind === 'enum' ? (
        <Select mode="multiple" options={field.options} optionFilterProp="label" aria-label={t('leadRules.condition.value')} />
      ) : (
        <Select mode="tags" open={false} suffixIcon={null} placeholder={t('leadRules.condition.tagsPlaceholder')} aria-label={t('leadRules.condition.value')} />
      );
    }
    if (field?.kind === 'enum') return <Select showSearch={{ optionFilterProp: 'label' }} options={field.options} aria-label={t('leadRules.condition.value')} />;
    if (field?.kind === 'money') return <InputNumber min={0} precision={2} suffix={t('leadRules.condition.yuan')} style={{ width: '100%' }} aria-label={t('leadRules.condition.value')} />;
    if (field?.kind === 'number') return <InputNumber style={{ width: '100%' }} aria-label={t('leadRules.condition.value')} />;
    return <Input autoComplete="off" aria-label={t('leadRules.condition.value')} />;
  };

  return (
    <Row gutter={8} wrap={false} align="top">
      <Col flex="1 1 0" style={{ minWidth: 0 }}>
        <Form.Item name={[...at, 'field']} rules={[{ required: true, message: t('validation.required') }]} style={{ marginBottom: 12 }}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={fields.map((f) => ({ value: f.value, label: f.label }))}
            placeholder={t('leadRules.condition.field')}
            aria-label={t('leadRules.condition.field')}
            onChange={(key: string) => {
              // A new field keeps the operator only where it still makes sense.
              const next = operatorsOf(fieldOf(fields, key));
              form.setFieldValue([...path, 'op'], op && next.includes(op) ? op : next[0]);
              form.setFieldValue([...path, 'value'], undefined);
            }}
          />
        </Form.Item>
      </Col>
      <Col flex="0 0 128px">
        <Form.Item name={[...at, 'op']} rules={[{ required: true, message: t('validation.required') }]} style={{ marginBottom: 12 }}>
          <Select
            options={ops.map((o) => ({ value: o, label: t(`leadRules.ops.${o}`) }))}
            aria-label={t('leadRules.condition.op')}
            onChange={(next: Operator) => {
              const value = form.getFieldValue([...path, 'value']) as ConditionValues['value'];
              if (next === 'in' && value !== undefined && value !== null && !Array.isArray(value)) form.setFieldValue([...path, 'value'], [String(value)]);
              if (next !== 'in' && Array.isArray(value)) form.setFieldValue([...path, 'value'], value[0]);
            }}
          />
        </Form.Item>
      </Col>
      <Col flex="1 1 0" style={{ minWidth: 0 }}>
        {op === 'filled' ? null : (
          <Form.Item
            name={[...at, 'value']}
            rules={[{ required: true, message: t('validation.required'), type: op === 'in' ? 'array' : undefined }]}
            style={{ marginBottom: 12 }}
          >
            {valueInput()}
          </Form.Item>
        )}
      </Col>
      {onRemove ? (
        <Col flex="0 0 auto">
          <Button type="text" icon={<DeleteOutlined aria-hidden />} onClick={onRemove} aria-label={t('leadRules.condition.remove')} />
        </Col>
      ) : null}
    </Row>
  );
}

/** A short id for a new rule; the server only asks that ids differ. */
export const newRuleId = () => `r${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;

/** The buttons under a settings document: what is unsaved, discard, save. */
export function SaveBar({ dirty, saving, onDiscard, testId, children }: { dirty: boolean; saving: boolean; onDiscard: () => void; testId: string; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Card size="small" style={{ position: 'sticky', bottom: 0, zIndex: 2 }}>
      {children}
      <Flex gap={8} justify="flex-end" align="center" wrap>
        {dirty ? <Typography.Text type="warning">{t('leadRules.unsaved')}</Typography.Text> : null}
        <Button onClick={onDiscard} disabled={!dirty}>
          {t('leadRules.discard')}
        </Button>
        <Button type="primary" htmlType="submit" loading={saving} data-testid={testId}>
          {t('common.save')}
        </Button>
      </Flex>
    </Card>
  );
}
