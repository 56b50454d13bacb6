// What the customer and contact forms share: lists of phones or emails, and
// turning typed values into what the API stores, so that a save sends only
// the fields the user changed (a masked value is never written back).
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { EmailInput, PhoneInput } from '@kehu/shared';
import { Button, Flex, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { zodRule } from '../../components/rules';

/** Trimmed text, or null for nothing. */
export const text = (value: string | null | undefined): string | null => value?.trim() || null;

/** The non-blank entries of a list field, trimmed. */
export const compact = (values: (string | undefined)[] | undefined): string[] =>
  (values ?? []).map((v) => v?.trim() ?? '').filter(Boolean);

/** A list field shows one empty row rather than none, so there is a box to type into. */
export const listValue = (values: string[]): string[] => (values.length > 0 ? values : ['']);

/** Form values start from stored ones; an empty select shows its placeholder only for undefined, not null. */
export function formValues<T extends Record<string, unknown>>(fields: T): { [K in keyof T]: Exclude<T[K], null> | undefined } {
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, value ?? undefined])) as {
    [K in keyof T]: Exclude<T[K], null> | undefined;
  };
}

/** A PATCH body: the fields of `next` that differ from `current`, with the version they were read at; null when none do. */
export function patchOf<T extends Record<string, unknown>>(current: T, next: T, version: number): (Partial<T> & { version: number }) | null {
  const changed = Object.entries(next).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(current[key]));
  return changed.length > 0 ? { ...(Object.fromEntries(changed) as Partial<T>), version } : null;
}

const lists = {
  phones: { inputType: 'tel', inputMode: 'tel', schema: PhoneInput.optional() },
  // Not type="email": the browser's own check would pop up before the form's message.
  emails: { inputType: 'text', inputMode: 'email', schema: EmailInput.optional() },
} as const;

/** Phones or emails: one input per entry, add and remove rows. */
export function ListField({ name, label, max = 10 }: { name: keyof typeof lists; label: string; max?: number }) {
  const { t } = useTranslation();
  const { inputType, inputMode, schema } = lists[name];
  const rule = zodRule(schema, t);
  const itemLabel = (n: number) => (name === 'phones' ? t('customers.fields.phone', { n }) : t('customers.fields.email', { n }));
  return (
    <Form.Item label={label} style={{ marginBottom: 0 }}>
      <Form.List name={name}>
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, index) => (
              <Flex key={field.key} gap={8} align="flex-start">
                <Form.Item name={field.name} rules={[rule]} validateTrigger="onBlur" style={{ flex: 1, marginBottom: 12 }}>
                  <Input type={inputType} inputMode={inputMode} autoComplete="off" aria-label={itemLabel(index + 1)} />
                </Form.Item>
                {fields.length > 1 ? (
                  <Button
                    type="text"
                    icon={<MinusCircleOutlined aria-hidden />}
                    onClick={() => remove(field.name)}
                    aria-label={t('customers.hints.remove', { label: itemLabel(index + 1) })}
                  />
                ) : null}
              </Flex>
            ))}
            {fields.length < max ? (
              <Form.Item>
                <Button type="dashed" icon={<PlusOutlined aria-hidden />} onClick={() => add('')} block>
                  {name === 'phones' ? t('customers.hints.addPhone') : t('customers.hints.addEmail')}
                </Button>
              </Form.Item>
            ) : null}
          </>
        )}
      </Form.List>
    </Form.Item>
  );
}

/** A select of fixed choices; an optional one can be cleared and asks to pick while empty. */
export function ChoiceField({ name, label, options, optional = false }: { name: string; label: string; options: { value: string; label: string }[]; optional?: boolean }) {
  const { t } = useTranslation();
  return (
    <Form.Item name={name} label={label}>
      <Select allowClear={optional} options={options} placeholder={optional ? t('customers.hints.pick') : undefined} />
    </Form.Item>
  );
}
