// Which columns the customer table shows and in what order; the choice is remembered
// per user on this device, and a saved view keeps its own.
import { ArrowDownOutlined, ArrowUpOutlined, SettingOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, Popover, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { defaultColumns } from './list-fields';

export interface ColumnChoice {
  key: string;
  label: string;
}

const storageKey = (userId: string) => `kehu.customers.columns.${userId}`;

/** The user's remembered columns, or the default ones. */
export function storedColumns(userId: string): string[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(storageKey(userId)) ?? 'null');
    if (Array.isArray(value) && value.every((c) => typeof c === 'string') && value.length > 0) return value as string[];
  } catch {
    // Unreadable storage: fall back to the default columns.
  }
  return defaultColumns;
}

export function storeColumns(userId: string, columns: string[]): void {
  try {
    localStorage.setItem(storageKey(userId), JSON.stringify(columns));
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

interface ColumnChooserProps {
  choices: ColumnChoice[];
  value: string[];
  onChange: (columns: string[]) => void;
}

export function ColumnChooser({ choices, value, onChange }: ColumnChooserProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const visible = value.filter((key) => choices.some((c) => c.key === key));
  const hidden = choices.filter((c) => !visible.includes(c.key));
  const labelOf = (key: string) => choices.find((c) => c.key === key)?.label ?? key;

  const move = (index: number, by: number) => {
    const next = [...visible];
    const [item] = next.splice(index, 1);
    next.splice(index + by, 0, item!);
    onChange(next);
  };

  const content = (
    <Flex vertical gap={2} style={{ width: 260, maxHeight: 'min(540px, 70vh)', overflowY: 'auto' }} data-testid="column-chooser">
      <Typography.Text type="secondary" style={{ fontSize: 12, marginBottom: 4 }}>
        {t('customers.columnChooser.shown')}
      </Typography.Text>
      {visible.map((key, i) => (
        <Flex key={key} align="center" justify="space-between" gap={4}>
          <Checkbox
            checked
            disabled={key === 'name'}
            onChange={() => onChange(visible.filter((k) => k !== key))}
            data-testid={`column-${key}`}
          >
            {labelOf(key)}
          </Checkbox>
          <span>
            <Button
              type="text"
              size="small"
              icon={<ArrowUpOutlined aria-hidden />}
              disabled={i === 0}
              onClick={() => move(i, -1)}
              aria-label={t('customers.columnChooser.up', { name: labelOf(key) })}
            />
            <Button
              type="text"
              size="small"
              icon={<ArrowDownOutlined aria-hidden />}
              disabled={i === visible.length - 1}
              onClick={() => move(i, 1)}
              aria-label={t('customers.columnChooser.down', { name: labelOf(key) })}
            />
          </span>
        </Flex>
      ))}
      {hidden.length ? (
        <Typography.Text type="secondary" style={{ fontSize: 12, margin: '8px 0 4px' }}>
          {t('customers.columnChooser.hidden')}
        </Typography.Text>
      ) : null}
      {hidden.map((c) => (
        <Checkbox key={c.key} checked={false} onChange={() => onChange([...visible, c.key])} style={{ paddingBlock: 2 }} data-testid={`column-${c.key}`}>
          {c.label}
        </Checkbox>
      ))}
      <Button type="link" size="small" style={{ alignSelf: 'flex-start', paddingInline: 0, marginTop: 8 }} onClick={() => onChange(defaultColumns)}>
        {t('customers.columnChooser.reset')}
      </Button>
    </Flex>
  );

  return (
    <Popover open={open} onOpenChange={setOpen} trigger="click" placement="bottomRight" title={t('customers.columnChooser.title')} content={content}>
      <Button icon={<SettingOutlined aria-hidden />} data-testid="choose-columns">
        {t('customers.columnChooser.button')}
      </Button>
    </Popover>
  );
}
