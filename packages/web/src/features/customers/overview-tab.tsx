// The 360 page's overview: every field of the customer, grouped as the form groups them;
// custom fields only where they hold a value.
import { Card, Descriptions, Flex, Typography, type DescriptionsProps } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useCustomerFields } from '../../api/list-views';
import type { Messages } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { EmailLinks, FollowUp, GradeTag, PhoneLinks, StageTag, TagList } from './customer-parts';
import { customItems } from './custom-fields';
import type { CustomerTabProps } from './customer-tabs';
import { usePicklistLabels } from './labels';

type FieldKey = keyof Messages['customers']['fields'];

const none = <Typography.Text type="secondary">—</Typography.Text>;
const orNone = (value: ReactNode) => (value === null || value === undefined || value === '' ? none : value);

function Section({ title, items }: { title: string; items: DescriptionsProps['items'] }) {
  return (
    <Descriptions
      title={title}
      items={items}
      bordered
      column={{ xs: 1, sm: 1, md: 2, xl: 3 }}
      size="small"
      styles={{ label: { whiteSpace: 'nowrap', width: 1 } }}
    />
  );
}

function websiteLink(url: string) {
  const href = /^https?:\/\//i.test(url) ? url : `https://${url}`;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" style={{ wordBreak: 'break-all' }}>
      {url}
    </a>
  );
}

export function OverviewTab({ customer: c }: CustomerTabProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const labels = usePicklistLabels();
  const custom = customItems(useCustomerFields().data ?? [], c, t, format);
  const field = (key: FieldKey, children: ReactNode, span?: 'filled') => ({
    key,
    label: t(`customers.fields.${key}`),
    children: orNone(children),
    span,
  });

  return (
    <Card data-testid="customer-overview">
      <Flex vertical gap={24}>
        <Section
          title={t('customers.sections.basics')}
          items={[
            field('type', t(`customers.types.${c.type}`)),
            field('name', c.name),
            field('shortName', c.shortName),
            ...(c.type === 'company' ? [field('creditCode', c.creditCode && <span className="kehu-mono">{c.creditCode}</span>)] : []),
            field('industry', c.industry && labels.industry(c.industry)),
          ]}
        />
        <Section
          title={t('customers.sections.reach')}
          items={[
            field('phones', <PhoneLinks phones={c.phones} />),
            field('emails', <EmailLinks emails={c.emails} />),
            field('wechat', c.wechat),
            field('website', c.website && websiteLink(c.website)),
          ]}
        />
        <Section
          title={t('customers.sections.region')}
          items={[
            ...(c.country ? [field('country', c.country)] : []),
            field('province', c.province),
            field('city', c.city),
            field('district', c.district),
            field('address', c.address, 'filled'),
          ]}
        />
        <Section
          title={t('customers.sections.classification')}
          items={[
            field('grade', c.grade && <GradeTag grade={c.grade} />),
            field('stage', <StageTag stage={c.stage} />),
            field('source', c.source && t(`customers.sources.${c.source}`)),
            field('status', t(`customers.statuses.${c.status}`)),
            field('ownerName', c.ownerName ?? t('customers.unassigned')),
            field('nextFollowUpAt', <FollowUp at={c.nextFollowUpAt} />),
            field('tags', c.tags.length > 0 ? <TagList tags={c.tags} /> : null, 'filled'),
            field('description', c.description && <span style={{ whiteSpace: 'pre-wrap' }}>{c.description}</span>, 'filled'),
          ]}
        />
        {custom.length > 0 ? (
          <div data-testid="customer-custom-fields">
            <Section title={t('customers.sections.custom')} items={custom} />
          </div>
        ) : null}
        <Section
          title={t('customers.sections.sensitive')}
          items={[field('idNumber', c.idNumber && <span className="kehu-mono">{c.idNumber}</span>), field('bankAccount', c.bankAccount && <span className="kehu-mono">{c.bankAccount}</span>)]}
        />
        <Section
          title={t('customers.sections.record')}
          items={[
            field('contactCount', format.number(c.contactCount)),
            field('createdAt', format.dateTime(c.createdAt)),
            field('updatedAt', format.dateTime(c.updatedAt)),
          ]}
        />
      </Flex>
    </Card>
  );
}
