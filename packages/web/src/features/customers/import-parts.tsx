// Pieces every step of the import wizard shares: the steps bar, the file line,
// field and status labels, and the alert that shows a server problem.
import { FileTextOutlined } from '@ant-design/icons';
import type { CustomField, Import, ImportObject } from '@kehu/shared';
import { Alert, Flex, Steps, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { useIsPhone } from '../../components/use-is-phone';
import { currentLocale, translateOr } from '../../i18n';

/** The wizard's steps; `finished` once the import has run to its end. */
export function ImportSteps({ current, finished = false }: { current: 0 | 1 | 2 | 3; finished?: boolean }) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  return (
    <Steps
      size="small"
      current={current}
      status={finished ? 'finish' : 'process'}
      // Four short titles fit a phone across when they sit under their icons.
      responsive={false}
      titlePlacement={isPhone ? 'vertical' : 'horizontal'}
      style={{ marginBottom: 24 }}
      items={[
        { title: t('imports.steps.upload') },
        { title: t('imports.steps.mapping') },
        { title: t('imports.steps.preview') },
        { title: t('imports.steps.run') },
      ]}
      data-testid="import-steps"
    />
  );
}

export function encodingLabel(encoding: string, t: TFunction): string {
  return translateOr(t, `imports.encodings.${encoding}`, encoding);
}

/** The uploaded file: name, rows, and the encoding found in a CSV. */
export function FileLine({ imp }: { imp: Import }) {
  const { t } = useTranslation();
  return (
    <Flex gap={8} wrap align="center" style={{ marginBottom: 16 }} data-testid="import-file">
      <FileTextOutlined aria-hidden />
      <Typography.Text strong>{t('imports.file.summary', { name: imp.fileName, count: imp.totalRows })}</Typography.Text>
      <Tag>{t(`imports.objects.${imp.object}`)}</Tag>
      {imp.encoding ? (
        <Tag color="blue" data-testid="import-encoding">
          {t('imports.file.encoding', { encoding: encodingLabel(imp.encoding, t) })}
        </Tag>
      ) : null}
    </Flex>
  );
}

const statusColors: Record<Import['status'], string> = {
  uploaded: 'default',
  queued: 'processing',
  running: 'processing',
  done: 'success',
  failed: 'error',
  undoing: 'warning',
  undone: 'default',
};

export function ImportStatusTag({ status }: { status: Import['status'] }) {
  const { t } = useTranslation();
  return <Tag color={statusColors[status]}>{t(`imports.statuses.${status}`)}</Tag>;
}

/** The upload step for an object's imports; an import's own page keeps its object for the way back. */
export const uploadPathOf = (object: ImportObject) => `/customers/import${object === 'customers' ? '' : `?object=${object}`}`;
export const importPathOf = (imp: Pick<Import, 'id' | 'object'>) => `/customers/import/${imp.id}${imp.object === 'customers' ? '' : `?object=${imp.object}`}`;
/** The list an object's records show in after an import. */
export const listPathOf = (object: ImportObject) => (object === 'leads' ? '/leads' : '/customers');
export const customFieldObjectOf = { customers: 'customer', contacts: 'contact', leads: 'lead' } as const;

/** A column's target as the user reads it: a standard field, a custom field's label, or the target itself. */
export function targetLabel(object: ImportObject, target: string, customFields: CustomField[], t: TFunction): string {
  if (target.startsWith('custom.')) {
    const field = customFields.find((f) => `custom.${f.key}` === target);
    return field ? (field.label[currentLocale()] ?? field.label['zh-CN']) : target;
  }
  const section = object;
  if (object !== 'contacts' && target === 'owner') return t('imports.mapping.ownerField');
  if (object === 'leads' && target === 'budget') return t('imports.mapping.budgetField');
  if (object === 'contacts' && target === 'customer') return t('imports.mapping.customerField');
  return translateOr(t, `${section}.fields.${target}`, target);
}

/** A failed request: the server's localized title and, if any, its detail. */
export function ProblemAlert({ error, title }: { error: unknown; title?: string }) {
  const { t } = useTranslation();
  const problem = isApiError(error) ? error.problem : null;
  const heading = title ?? problem?.title ?? t('errors.unknown');
  const detail = title ? [problem?.title, problem?.detail].filter(Boolean).join(' — ') || undefined : problem?.detail;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={heading}
      description={detail}
      style={{ marginBottom: 16 }}
      data-testid="import-error"
    />
  );
}
