// The condition builder (筛选): pick a field, an operator that suits it and a value, and the
// condition joins the list's others (all must hold). Conditions show as removable chips.
import { CloseOutlined, FilterOutlined, PlusOutlined } from '@ant-design/icons';
import { Badge, Button, DatePicker, Drawer, Flex, Input, InputNumber, Popover, Select, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from '../../components/use-is-phone';
import { useFormat } from '../../i18n/format';
import { describeCondition, needsValue, opsOf, type Condition, type ConditionOp, type ListField } from './list-fields';
import { OwnerSelect } from './owner-select';

type Draft = string | number | boolean | Dayjs | null | undefined;

function ConditionForm({ fields, onAdd }: { fields: ListField[]; onAdd: (c: Condition) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [fieldKey, setFieldKey] = useState<string>();
  const [op, setOp] = useState<ConditionOp>();
  const [value, setValue] = useState<Draft>();
  const field = fields.find((f) => f.key === fieldKey);
  const option = (f: ListField) => ({ value: f.key, label: f.label });
  const custom = fields.filter((f) => f.key.startsWith('custom.'));
  const groups = [
    { label: t('customers.conditions.builtInGroup'), title: t('customers.conditions.builtInGroup'), options: fields.filter((f) => !f.key.startsWith('custom.')).map(option) },
    ...(custom.length ? [{ label: t('customers.conditions.customGroup'), title: t('customers.conditions.customGroup'), options: custom.map(option) }] : []),
  ];

  const pickField = (key: string) => {
    const next = fields.find((f) => f.key === key);
    setFieldKey(key);
    setOp(next ? opsOf(next.kind)[0] : undefined);
    setValue(next?.kind === 'boolean' ? true : undefined);
  };

  /** The value as the API compares it: money in 分, datetimes as the edge of the picked day in the user's zone. */
  const toApi = (): Condition['value'] => {
    if (!field || !op || !needsValue(op)) return null;
    if (value === undefined || value === null || value === '') return undefined;
    if (field.kind === 'money') return Math.round(Number(value) * 100);
    if (field.kind === 'date') return (value as Dayjs).format('YYYY-MM-DD');
    if (field.kind === 'datetime') {
      const day = value as Dayjs;
      return format.toIso(op === 'lte' ? day.endOf('day') : day.startOf('day'));
    }
    return value as string | number | boolean;
  };
  const apiValue = toApi();
  const ready = Boolean(field && op && (!needsValue(op) || apiValue !== undefined));

  const valueInput = () => {
    if (!field || !op || !needsValue(op)) return null;
    const common = { 'aria-label': t('customers.conditions.value'), style: { width: '100%' }, 'data-testid': 'condition-value' };
    switch (field.kind) {
      case 'choice':
      case 'multi':
        return <Select<string> {...common} options={field.options} value={value as string} onChange={setValue} showSearch={{ optionFilterProp: 'label' }} />;
      case 'user':
        return <OwnerSelect {...common} value={value as string} onChange={(v?: string) => setValue(v)} />;
      case 'boolean':
        return (
          <Select<string>
            {...common}
            value={String(value)}
            onChange={(v) => setValue(v === 'true')}
            options={[
              { value: 'true', label: t('common.yes') },
              { value: 'false', label: t('common.no') },
            ]}
          />
        );
      case 'number':
      case 'money':
        return (
          <InputNumber<number>
            {...common}
            value={value as number}
            onChange={(v) => setValue(v)}
            prefix={field.kind === 'money' ? '¥' : undefined}
            precision={field.kind === 'money' ? 2 : undefined}
          />
        );
      case 'date':
      case 'datetime':
        return <DatePicker {...common} value={value as Dayjs} onChange={(d) => setValue(d)} />;
      default:
        return <Input {...common} value={value as string} onChange={(e) => setValue(e.target.value)} onPressEnter={() => add()} />;
    }
  };

  const add = () => {
    if (!ready || !field || !op) return;
    onAdd(needsValue(op) ? { field: field.key, op, value: typeof apiValue === 'string' ? apiValue.trim() : apiValue } : { field: field.key, op });
    setFieldKey(undefined);
    setOp(undefined);
    setValue(undefined);
  };

  return (
    <Flex vertical gap={12} style={{ width: '100%', minWidth: 280 }} data-testid="condition-form">
      <Typography.Text type="secondary">{t('customers.conditions.hint')}</Typography.Text>
      <Select<string>
        aria-label={t('customers.conditions.field')}
        placeholder={t('customers.conditions.field')}
        value={fieldKey}
        onChange={pickField}
        showSearch={{ optionFilterProp: 'label' }}
        virtual={false}
        listHeight={320}
        options={groups}
        data-testid="condition-field"
      />
      {field ? (
        <Select<ConditionOp>
          aria-label={t('customers.conditions.op')}
          value={op}
          onChange={(next) => setOp(next)}
          options={opsOf(field.kind).map((o) => ({ value: o, label: t(`customers.conditions.opNames.${o}`) }))}
          data-testid="condition-op"
        />
      ) : null}
      {valueInput()}
      <Button type="primary" icon={<PlusOutlined aria-hidden />} disabled={!ready} onClick={add} data-testid="condition-add">
        {t('customers.conditions.add')}
      </Button>
    </Flex>
  );
}

interface FilterBuilderProps {
  fields: ListField[];
  conditions: Condition[];
  onChange: (conditions: Condition[]) => void;
}

/** The 筛选 button with its panel: a popover on wide screens, a bottom drawer on phones. */
export function FilterButton({ fields, conditions, onChange }: FilterBuilderProps) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const [open, setOpen] = useState(false);
  const add = (c: Condition) => {
    onChange([...conditions, c]);
    setOpen(false);
  };
  const button = (
    <Badge count={conditions.length} size="small" offset={[-4, 4]}>
      <Button icon={<FilterOutlined aria-hidden />} onClick={() => setOpen((o) => !o)} aria-expanded={open} data-testid="open-conditions">
        {t('customers.conditions.button')}
      </Button>
    </Badge>
  );
  if (isPhone) {
    return (
      <>
        {button}
        <Drawer open={open} placement="bottom" size="auto" title={t('customers.conditions.title')} onClose={() => setOpen(false)} destroyOnHidden>
          <ConditionForm fields={fields} onAdd={add} />
        </Drawer>
      </>
    );
  }
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="bottomLeft"
      title={t('customers.conditions.title')}
      content={<ConditionForm fields={fields} onAdd={add} />}
      destroyOnHidden
    >
      {button}
    </Popover>
  );
}

/** The list's conditions as chips, each removable, and a way to drop them all. */
export function ConditionChips({ fields, conditions, onChange, userName }: FilterBuilderProps & { userName: (id: string) => string | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (conditions.length === 0) return null;
  return (
    <Flex gap={6} wrap align="center" style={{ marginBottom: 12 }} data-testid="condition-chips">
      {conditions.map((c, i) => (
        <Tag
          key={`${c.field}-${c.op}-${String(c.value)}-${i}`}
          color="blue"
          closable
          closeIcon={<CloseOutlined aria-label={t('customers.conditions.remove')} />}
          onClose={(e) => {
            e.preventDefault();
            onChange(conditions.filter((_c, j) => j !== i));
          }}
          style={{ fontSize: 13, paddingBlock: 2, marginInlineEnd: 0 }}
          data-testid="condition-chip"
        >
          {describeCondition(c, fields.find((f) => f.key === c.field), t, format, c.field === 'ownerId' ? userName(String(c.value)) : undefined)}
        </Tag>
      ))}
      <Button type="link" size="small" onClick={() => onChange([])} data-testid="clear-conditions">
        {t('customers.conditions.clear')}
      </Button>
    </Flex>
  );
}
