// The activities of one record — a lead, an opportunity — newest first, with a button to log
// another against it (and its customer, when it has one).
import { PlusOutlined } from '@ant-design/icons';
import type { RelatedRef } from '@kehu/shared';
import { Button, Card, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useActivities } from '../../api/activities';
import { loadMoreOf, LoadMoreButton } from '../../components/data-list';
import { EmptyState } from '../../components/page-state';
import { useFormat } from '../../i18n/format';
import { ActivityDrawer, type ActivityDrawerMode } from './activity-form';
import { directionLabel, KindIcon } from './activity-parts';

interface Props {
  related: RelatedRef;
  customerId: string | null;
  /** Whether new activities may be logged (permission, and the record still open). */
  canLog: boolean;
  empty: string;
}

export function RelatedActivities({ related, customerId, canLog, empty }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const list = useActivities({ relatedType: related.type, relatedId: related.id });
  const [logging, setLogging] = useState<ActivityDrawerMode | null>(null);
  const items = list.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Card
      size="small"
      title={t('activities.related.title')}
      extra={
        canLog ? (
          <Button size="small" icon={<PlusOutlined aria-hidden />} onClick={() => setLogging({ kind: 'create', customerId, related })} data-testid="log-related-activity">
            {t('activities.related.log')}
          </Button>
        ) : null
      }
      data-testid="related-activities"
    >
      {list.isPending ? null : items.length === 0 ? (
        <EmptyState description={empty} />
      ) : (
        <Flex vertical gap={12}>
          {items.map((a) => (
            <Flex key={a.id} gap={10} align="flex-start" data-testid="related-activity">
              <KindIcon kind={a.kind} label={t(`activities.kinds.${a.kind}`)} />
              <Flex vertical style={{ minWidth: 0, flex: 1 }}>
                <Typography.Text strong>
                  {a.direction ? directionLabel(a.kind, a.direction, t) : t(`activities.kinds.${a.kind}`)}
                  {a.subject ? ` · ${a.subject}` : ''}
                </Typography.Text>
                {a.body ? <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-line' }} ellipsis={{ rows: 3, expandable: true }}>{a.body}</Typography.Paragraph> : null}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {format.dateTime(a.occurredAt)} · {a.ownerName ?? ''}
                </Typography.Text>
              </Flex>
            </Flex>
          ))}
          <LoadMoreButton {...loadMoreOf(list)} />
        </Flex>
      )}
      <ActivityDrawer mode={logging} onClose={() => setLogging(null)} />
    </Card>
  );
}
