// The merge wizard (合并客户): pick the customer that stays, choose field by field which
// values it keeps, read what will happen, confirm. A stale record (someone edited one of
// the two meanwhile) reloads both and asks to check again.
import type { Customer } from '@kehu/shared';
import { Alert, App, Button, Card, Flex, Modal, Radio, Steps, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { isApiError, VERSION_CONFLICT } from '../../api/client';
import { useCustomer, useMergeCustomers } from '../../api/customers';
import { ErrorState } from '../../components/error-state';
import { PageSkeleton } from '../../components/page-state';
import { useIsPhone } from '../../components/use-is-phone';
import { useFormat } from '../../i18n/format';
import { GradeTag, TagList } from './customer-parts';
import { usePicklistLabels } from './labels';
import {
  changedFields,
  differingFields,
  isList,
  listOf,
  mergeValues,
  unionOf,
  type MergeChoice,
  type MergeFieldKey,
} from './merge-fields';

type Choices = Partial<Record<MergeFieldKey, MergeChoice>>;

/** One field's value in words, as the 360 page shows it. */
function useFieldValue() {
  const { t } = useTranslation();
  const format = useFormat();
  const labels = usePicklistLabels();
  const none = <Typography.Text type="secondary">—</Typography.Text>;
  return (c: Customer, key: MergeFieldKey, list?: string[]): ReactNode => {
    if (isList(key)) {
      const items = list ?? listOf(c, key);
      if (items.length === 0) return none;
      return key === 'tags' ? <TagList tags={items} /> : <span style={{ wordBreak: 'break-word' }}>{items.join('、')}</span>;
    }
    switch (key) {
      case 'region':
        return [c.country, c.province, c.city, c.district].filter(Boolean).join(' · ') || none;
      case 'industry':
        return c.industry ? labels.industry(c.industry) : none;
      case 'stage':
        return labels.stage(c.stage);
      case 'grade':
        return c.grade ? <GradeTag grade={c.grade} /> : none;
      case 'source':
        return c.source ? t(`customers.sources.${c.source}`) : none;
      case 'status':
        return t(`customers.statuses.${c.status}`);
      case 'ownerId':
        return c.ownerName ?? t('customers.unassigned');
      case 'nextFollowUpAt':
        return c.nextFollowUpAt ? format.dateTime(c.nextFollowUpAt) : none;
      default: {
        const value = c[key];
        return value ? <span style={{ wordBreak: 'break-word', whiteSpace: 'pre-wrap' }}>{value}</span> : none;
      }
    }
  };
}

function SurvivorStep({ pair, survivorId, onPick }: { pair: [Customer, Customer]; survivorId: string; onPick: (id: string) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const isPhone = useIsPhone();
  return (
    <Flex vertical gap={12}>
      <Typography.Text type="secondary">{t('customers.merge.survivorHint')}</Typography.Text>
      <Radio.Group value={survivorId} onChange={(e) => onPick(e.target.value as string)} style={{ width: '100%' }}>
        <Flex vertical={isPhone} gap={12}>
          {pair.map((c) => {
            const kept = c.id === survivorId;
            return (
              <Card
                key={c.id}
                size="small"
                style={{ flex: 1, borderColor: kept ? '#1677ff' : undefined, cursor: 'pointer' }}
                onClick={() => onPick(c.id)}
                data-testid="merge-survivor-option"
              >
                <Radio value={c.id} aria-label={c.name}>
                  <Typography.Text strong style={{ wordBreak: 'break-word' }}>
                    {c.name}
                  </Typography.Text>
                </Radio>
                <Flex vertical gap={2} style={{ marginTop: 8, paddingInlineStart: 24 }}>
                  <div>
                    <Tag color={kept ? 'blue' : 'default'}>{kept ? t('customers.merge.survivorTag') : t('customers.merge.duplicateTag')}</Tag>
                  </div>
                  <Typography.Text type="secondary">
                    {t('customers.fields.ownerId')}：{c.ownerName ?? t('customers.unassigned')}
                  </Typography.Text>
                  <Typography.Text type="secondary">
                    {t('customers.fields.phones')}：{c.phones.map((p) => p.number).join('、') || '—'}
                  </Typography.Text>
                  <Typography.Text type="secondary">{t('customers.clusters.contacts', { n: c.contactCount })}</Typography.Text>
                  <Typography.Text type="secondary">
                    {t('customers.fields.createdAt')}：{format.dateTime(c.createdAt)}
                  </Typography.Text>
                </Flex>
              </Card>
            );
          })}
        </Flex>
      </Radio.Group>
    </Flex>
  );
}

function FieldsStep({ survivor, duplicate, choices, onChoose }: { survivor: Customer; duplicate: Customer; choices: Choices; onChoose: (key: MergeFieldKey, choice: MergeChoice) => void }) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const show = useFieldValue();
  const fields = differingFields(survivor, duplicate);
  if (fields.length === 0) return <Alert type="info" showIcon title={t('customers.merge.noDifferences')} />;
  // The third choice exists only for lists (phones, emails, tags); without one the column goes.
  const combinable = fields.some(isList);
  const grid = isPhone ? '1fr' : combinable ? '120px 1fr 1fr 1fr' : '120px 1fr 1fr';
  const option = (key: MergeFieldKey, choice: MergeChoice, content: ReactNode) => (
    <Radio value={choice} data-testid={`merge-choice-${key}-${choice}`} style={{ alignItems: 'flex-start', marginInlineEnd: 0 }}>
      {isPhone ? (
        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
          {t(`customers.merge.${choice === 'survivor' ? 'survivorValue' : choice === 'duplicate' ? 'duplicateValue' : 'both'}`)}
        </Typography.Text>
      ) : null}
      {content}
    </Radio>
  );
  return (
    <Flex vertical gap={0}>
      <Typography.Paragraph type="secondary">{t('customers.merge.differences', { n: fields.length })}</Typography.Paragraph>
      {isPhone ? null : (
        <div style={{ display: 'grid', gridTemplateColumns: grid, gap: 12, padding: '8px 12px', background: '#fafafa', borderBottom: '1px solid #f0f0f0' }}>
          <Typography.Text strong>{t('customers.merge.field')}</Typography.Text>
          <Typography.Text strong>{t('customers.merge.survivorValue')}</Typography.Text>
          <Typography.Text strong>{t('customers.merge.duplicateValue')}</Typography.Text>
          {combinable ? <Typography.Text strong>{t('customers.merge.both')}</Typography.Text> : null}
        </div>
      )}
      {fields.map((key) => (
        <div key={key} style={{ display: 'grid', gridTemplateColumns: grid, gap: isPhone ? 6 : 12, padding: '10px 12px', borderBottom: '1px solid #f0f0f0' }} data-testid={`merge-field-${key}`}>
          <Typography.Text strong={isPhone} type={isPhone ? undefined : 'secondary'}>
            {t(`customers.fields.${key}`)}
          </Typography.Text>
          <Radio.Group
            value={choices[key] ?? 'survivor'}
            onChange={(e) => onChoose(key, e.target.value as MergeChoice)}
            style={{ display: 'contents' }}
            aria-label={t(`customers.fields.${key}`)}
          >
            {option(key, 'survivor', show(survivor, key))}
            {option(key, 'duplicate', show(duplicate, key))}
            {isList(key) ? option(key, 'both', show(survivor, key, unionOf(survivor, duplicate, key))) : combinable && !isPhone ? <span /> : null}
          </Radio.Group>
        </div>
      ))}
    </Flex>
  );
}

function SummaryStep({ survivor, duplicate, choices }: { survivor: Customer; duplicate: Customer; choices: Choices }) {
  const { t } = useTranslation();
  const changed = changedFields(survivor, duplicate, choices);
  const name = choices.name === 'duplicate' ? duplicate.name : survivor.name;
  const items = [
    t('customers.merge.summaryKeep', { name }),
    changed.length > 0
      ? t('customers.merge.summaryChanges', { n: changed.length, fields: changed.map((key) => t(`customers.fields.${key}`)).join('、') })
      : t('customers.merge.summaryNoChanges'),
    t('customers.merge.summaryContacts', { n: duplicate.contactCount }),
    t('customers.merge.summaryDuplicate', { name: duplicate.name }),
  ];
  return (
    <Card size="small" title={t('customers.merge.summaryTitle')} data-testid="merge-summary">
      <ul style={{ margin: 0, paddingInlineStart: 20, lineHeight: 2 }}>
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </Card>
  );
}

function Wizard({ pair, onClose, onReload }: { pair: [Customer, Customer]; onClose: () => void; onReload: () => void }) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const merge = useMergeCustomers();
  const [step, setStep] = useState(0);
  const [survivorId, setSurvivorId] = useState(pair[0].id);
  const [choices, setChoices] = useState<Choices>({});
  const [conflict, setConflict] = useState(false);
  const survivor = pair.find((c) => c.id === survivorId) ?? pair[0];
  const duplicate = pair.find((c) => c.id !== survivor.id) ?? pair[1];

  const pick = (id: string) => {
    if (id === survivorId) return;
    setSurvivorId(id);
    setChoices({});
  };

  const confirm = () => {
    setConflict(false);
    merge.mutate(
      {
        survivorId: survivor.id,
        duplicateId: duplicate.id,
        survivorVersion: survivor.version,
        duplicateVersion: duplicate.version,
        values: mergeValues(survivor, duplicate, choices),
      },
      {
        onSuccess: ({ customer, movedContacts }) => {
          void message.success(t('customers.merge.done', { name: customer.name, n: movedContacts }));
          onClose();
          navigate(`/customers/${customer.id}`);
        },
        onError: (error) => {
          if (!isApiError(error, VERSION_CONFLICT)) return;
          setConflict(true);
          onReload();
        },
      },
    );
  };

  const steps = [
    { title: t('customers.merge.steps.survivor'), content: <SurvivorStep pair={pair} survivorId={survivor.id} onPick={pick} /> },
    {
      title: t('customers.merge.steps.fields'),
      content: <FieldsStep survivor={survivor} duplicate={duplicate} choices={choices} onChoose={(key, choice) => setChoices((c) => ({ ...c, [key]: choice }))} />,
    },
    { title: t('customers.merge.steps.confirm'), content: <SummaryStep survivor={survivor} duplicate={duplicate} choices={choices} /> },
  ];
  const otherError = merge.error && !isApiError(merge.error, VERSION_CONFLICT) ? merge.error : null;

  return (
    <Flex vertical gap={16}>
      {isPhone ? (
        <Typography.Text strong>{t('customers.merge.stepOf', { n: step + 1, total: steps.length, title: steps[step]!.title })}</Typography.Text>
      ) : (
        <Steps current={step} size="small" items={steps.map(({ title }) => ({ title }))} />
      )}
      {steps[step]!.content}
      {conflict ? (
        <Alert
          type="warning"
          showIcon
          title={t('customers.merge.conflict')}
          description={t('customers.merge.conflictHint')}
          action={
            <Button size="small" onClick={onReload}>
              {t('customers.merge.reload')}
            </Button>
          }
          data-testid="merge-conflict"
        />
      ) : null}
      {otherError ? (
        <Alert type="error" showIcon title={isApiError(otherError) ? otherError.problem.title : t('errors.unknown')} />
      ) : null}
      <Flex justify="flex-end" gap={8} wrap>
        {step > 0 ? (
          <Button onClick={() => setStep(step - 1)} data-testid="merge-back">
            {t('customers.merge.back')}
          </Button>
        ) : (
          <Button onClick={onClose}>{t('common.cancel')}</Button>
        )}
        {step < steps.length - 1 ? (
          <Button type="primary" onClick={() => setStep(step + 1)} data-testid="merge-next">
            {t('customers.merge.next')}
          </Button>
        ) : (
          <Button type="primary" danger onClick={confirm} loading={merge.isPending} data-testid="merge-confirm">
            {t('customers.merge.confirm')}
          </Button>
        )}
      </Flex>
    </Flex>
  );
}

/** Loads both customers fresh (their versions matter) and keeps them current after a conflict. */
function LoadedWizard({ ids, onClose }: { ids: [string, string]; onClose: () => void }) {
  const first = useCustomer(ids[0]);
  const second = useCustomer(ids[1]);
  if (first.isPending || second.isPending) return <PageSkeleton rows={6} />;
  if (first.isError || second.isError) {
    return (
      <ErrorState
        error={first.error ?? second.error}
        onRetry={() => {
          void first.refetch();
          void second.refetch();
        }}
      />
    );
  }
  const reload = () => {
    void first.refetch();
    void second.refetch();
  };
  return <Wizard pair={[first.data, second.data]} onClose={onClose} onReload={reload} />;
}

/** The wizard in a dialog; `ids` are the two customers to merge, the first offered as the one to keep. */
export function MergeWizard({ ids, onClose }: { ids: [string, string] | null; onClose: () => void }) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  return (
    <Modal
      open={ids !== null}
      onCancel={onClose}
      title={t('customers.merge.title')}
      footer={null}
      width={isPhone ? '100%' : 880}
      style={isPhone ? { top: 0, maxWidth: '100vw', margin: 0, paddingBottom: 0 } : undefined}
      destroyOnHidden
    >
      <div data-testid="merge-wizard">{ids ? <LoadedWizard key={ids.join()} ids={ids} onClose={onClose} /> : null}</div>
    </Modal>
  );
}
