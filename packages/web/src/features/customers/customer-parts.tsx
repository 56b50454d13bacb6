// Small pieces every customers page shows the same way: type icon, grade,
// stage and status tags, phone and email links, tags, the follow-up time.
import { BankOutlined, UserOutlined } from '@ant-design/icons';
import type { Customer } from '@kehu/shared';
import { Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { gradeColors, stageColor, usePicklistLabels } from './labels';

export function TypeIcon({ type }: { type: Customer['type'] }) {
  const { t } = useTranslation();
  const Icon = type === 'company' ? BankOutlined : UserOutlined;
  return (
    <Tooltip title={t(`customers.types.${type}`)}>
      <Icon aria-label={t(`customers.types.${type}`)} style={{ color: '#8c8c8c' }} />
    </Tooltip>
  );
}

export function GradeTag({ grade }: { grade: Customer['grade'] }) {
  const { t } = useTranslation();
  return grade ? <Tag color={gradeColors[grade]}>{t(`customers.grades.${grade}`)}</Tag> : null;
}

export function StageTag({ stage }: { stage: string }) {
  const labels = usePicklistLabels();
  return <Tag color={stageColor(stage)}>{labels.stage(stage)}</Tag>;
}

/** Only the exception is worth a tag: an inactive customer. */
export function StatusTag({ status }: { status: Customer['status'] }) {
  const { t } = useTranslation();
  return status === 'inactive' ? <Tag>{t('customers.statuses.inactive')}</Tag> : null;
}

export function TagList({ tags }: { tags: string[] }) {
  if (tags.length === 0) return null;
  return (
    <Space size={[4, 4]} wrap>
      {tags.map((tag) => (
        <Tag key={tag} style={{ marginInlineEnd: 0 }}>
          {tag}
        </Tag>
      ))}
    </Space>
  );
}

const empty = <Typography.Text type="secondary">—</Typography.Text>;

type Phone = Customer['phones'][number];

/** A dialable link: the normalized number when the server could read it, else the digits typed. */
export const telHref = (phone: Phone) => `tel:${phone.e164 ?? phone.number.replace(/[^+0-9]/g, '')}`;

export function PhoneLinks({ phones, limit }: { phones: Phone[]; limit?: number }) {
  if (phones.length === 0) return empty;
  return (
    <Space orientation="vertical" size={0}>
      {phones.slice(0, limit).map((phone) => (
        <a key={phone.number} href={telHref(phone)} style={{ whiteSpace: 'nowrap' }}>
          {phone.number}
        </a>
      ))}
    </Space>
  );
}

export function EmailLinks({ emails }: { emails: string[] }) {
  if (emails.length === 0) return empty;
  return (
    <Space orientation="vertical" size={0}>
      {emails.map((email) => (
        <a key={email} href={`mailto:${email}`} style={{ wordBreak: 'break-all' }}>
          {email}
        </a>
      ))}
    </Space>
  );
}

/** The next follow-up, red once it has passed. */
export function FollowUp({ at }: { at: string | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!at) return empty;
  const overdue = new Date(at).getTime() < Date.now();
  return (
    <Tooltip title={overdue ? t('customers.overdue') : format.relative(at)}>
      <Typography.Text type={overdue ? 'danger' : undefined} style={{ whiteSpace: 'nowrap' }}>
        {format.dateTime(at)}
      </Typography.Text>
    </Tooltip>
  );
}

export const placeOf = (customer: Pick<Customer, 'province' | 'city' | 'district'>) =>
  [customer.province, customer.city, customer.district].filter(Boolean).join(' · ');
