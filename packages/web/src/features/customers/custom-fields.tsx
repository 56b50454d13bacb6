// Custom fields (自定义字段) on the customer and contact forms and records: an input suited
// to each field's type, and the conversion between what the API stores and what inputs hold.
import { EmailInput, PhoneInput, type CustomField } from '@kehu/shared';
import { Col, DatePicker, Divider, Form, Input, InputNumber, Row, Select, Switch, type DescriptionsProps } from 'antd';
import type { Rule } from 'antd/es/form';
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { useActiveCustomFields } from '../../api/custom-fields';
import { ErrorState } from '../../components/error-state';
import { PageSkeleton } from '../../components/page-state';
import { requiredRule, zodRule } from '../../components/rules';
import { currentLocale } from '../../i18n';
import type { Formatter } from '../../i18n/format';
import { customLabel, renderCustomValue } from './list-fields';
import { OwnerSelect } from './owner-select';

const DATE = 'YYYY-MM-DD';

type Stored = Record<string, unknown>;
/** What the inputs hold, by field key: money in major units (元), dates as Dayjs. */
export type CustomFormValues = Record<string, unknown>;

interface Money {
  amount: number;
  currency: string;
}
const isMoney = (value: unknown): value is Money =>
  typeof value === 'object' && value !== null && typeof (value as Money).amount === 'number';

/** Digits after the decimal point of a currency: 2 for CNY, so 元 × 100 = 分. */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

export function currencySymbol(currency: string): string {
  try {
    const parts = new Intl.NumberFormat(currentLocale(), { style: 'currency', currency }).formatToParts(0);
    return parts.find((p) => p.type === 'currency')?.value ?? currency;
  } catch {
    return currency;
  }
}

/** A money field keeps the currency of its stored value; a new value takes the organization's. */
const currencyOf = (stored: unknown, fallback: string) => (isMoney(stored) && stored.currency ? stored.currency : fallback);

const isEmpty = (value: unknown) =>
  value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);

/** Stored values as the form's inputs take them. */
export function customFormValues(fields: CustomField[], stored: Stored): CustomFormValues {
  const values: CustomFormValues = {};
  for (const field of fields) {
    const value = stored[field.key];
    switch (field.type) {
      case 'money':
        values[field.key] = isMoney(value) ? value.amount / 10 ** minorDigits(value.currency) : undefined;
        break;
      case 'date':
        values[field.key] = typeof value === 'string' ? dayjs(value, DATE) : undefined;
        break;
      case 'boolean':
        // A required yes/no starts as "no", so it always holds an answer.
        values[field.key] = typeof value === 'boolean' ? value : field.required ? false : undefined;
        break;
      default:
        values[field.key] = value ?? undefined;
    }
  }
  return values;
}

function storedValueOf(field: CustomField, value: unknown, currency: string): unknown {
  if (isEmpty(value)) return null;
  switch (field.type) {
    case 'money':
      return typeof value === 'number' ? { amount: Math.round(value * 10 ** minorDigits(currency)), currency } : null;
    case 'date':
      return dayjs.isDayjs(value) ? value.format(DATE) : null;
    case 'text':
    case 'url':
    case 'phone':
    case 'email':
      return typeof value === 'string' ? value.trim() || null : null;
    default:
      return value;
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (isMoney(a) && isMoney(b)) return a.amount === b.amount && a.currency === b.currency;
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * The custom values a save sends: those that differ from the stored ones, null to clear.
 * For a new record (nothing stored) that is every filled field; undefined when nothing changed.
 */
export function customChanges(
  fields: CustomField[],
  values: CustomFormValues | undefined,
  stored: Stored,
  currency: string,
): Record<string, unknown> | undefined {
  const changes: Record<string, unknown> = {};
  for (const field of fields) {
    const next = storedValueOf(field, values?.[field.key], currencyOf(stored[field.key], currency));
    if (!sameValue(next, stored[field.key])) changes[field.key] = next;
  }
  return Object.keys(changes).length > 0 ? changes : undefined;
}

const urlSchema = z.url({ protocol: /^https?$/ }).optional();

function rulesOf(field: CustomField, t: TFunction): Rule[] {
  const rules: Rule[] = [];
  if (field.required && field.type !== 'boolean') {
    rules.push(field.type === 'multi_select' ? { ...requiredRule(t), type: 'array' } : requiredRule(t));
  }
  if (field.type === 'url') rules.push(zodRule(urlSchema, t));
  if (field.type === 'phone') rules.push(zodRule(PhoneInput.optional(), t));
  if (field.type === 'email') rules.push(zodRule(EmailInput.optional(), t));
  return rules;
}

function CustomFieldInput({ field, currency }: { field: CustomField; currency: string }) {
  const { t } = useTranslation();
  const options = field.options.map((o) => ({ value: o.value, label: o.label[currentLocale()] || o.label['zh-CN'] }));
  const pick = t('customers.hints.pick');
  const item = (input: ReactNode, extra: { valuePropName?: string; validateTrigger?: string } = {}) => (
    <Form.Item name={['custom', field.key]} label={customLabel(field)} required={field.required} rules={rulesOf(field, t)} {...extra}>
      {input}
    </Form.Item>
  );
  switch (field.type) {
    case 'text':
      return item(<Input autoComplete="off" maxLength={2000} />);
    case 'number':
      return item(<InputNumber style={{ width: '100%' }} />);
    case 'money':
      return item(<InputNumber style={{ width: '100%' }} precision={minorDigits(currency)} prefix={currencySymbol(currency)} />);
    case 'date':
      return item(<DatePicker format={DATE} style={{ width: '100%' }} />);
    case 'select':
      return item(<Select allowClear options={options} placeholder={pick} />);
    case 'multi_select':
      return item(<Select mode="multiple" allowClear options={options} placeholder={pick} />);
    case 'boolean':
      return item(<Switch />, { valuePropName: 'checked' });
    case 'user':
      return item(<OwnerSelect allowClear placeholder={pick} />);
    case 'url':
      return item(<Input inputMode="url" autoComplete="off" placeholder="https://" />, { validateTrigger: 'onBlur' });
    case 'phone':
      return item(<Input type="tel" inputMode="tel" autoComplete="off" />, { validateTrigger: 'onBlur' });
    case 'email':
      return item(<Input inputMode="email" autoComplete="off" />, { validateTrigger: 'onBlur' });
  }
}

/**
 * A form's "custom fields" section: one input per active field, under `custom.<key>`,
 * so that a server error on `custom.<key>` lands under its input. Nothing when there are none.
 */
export function CustomFieldsSection({
  title,
  fields,
  stored,
  currency,
}: {
  title: string;
  fields: CustomField[];
  stored: Stored;
  currency: string;
}) {
  if (fields.length === 0) return null;
  return (
    <div data-testid="custom-fields-section">
      <Divider titlePlacement="start" style={{ marginTop: 24 }}>
        {title}
      </Divider>
      <Row gutter={16}>
        {fields.map((field) => (
          <Col key={field.key} xs={24} sm={field.type === 'multi_select' || field.type === 'text' ? 24 : 12}>
            <CustomFieldInput field={field} currency={currencyOf(stored[field.key], currency)} />
          </Col>
        ))}
      </Row>
    </div>
  );
}

/** Shows its form once the object's custom fields are known, so the form starts with their values. */
export function WithCustomFields({
  object,
  children,
}: {
  object: CustomField['object'];
  children: (fields: CustomField[]) => ReactNode;
}) {
  const fields = useActiveCustomFields(object);
  if (fields.isPending) return <PageSkeleton rows={10} />;
  if (fields.isError) return <ErrorState error={fields.error} onRetry={() => void fields.refetch()} />;
  return children(fields.data);
}

/** A record's filled custom values as description items, each rendered by its type. */
export function customItems(
  fields: CustomField[],
  record: { custom: Stored },
  t: TFunction,
  format: Formatter,
): NonNullable<DescriptionsProps['items']> {
  return fields
    .filter((field) => !isEmpty(record.custom[field.key]))
    .map((field) => ({ key: field.key, label: customLabel(field), children: renderCustomValue(field, record, t, format) }));
}
