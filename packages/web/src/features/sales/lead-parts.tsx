// Small pieces of the leads area: the score with its band, why it is what it is, and the status.
import { PlusOutlined } from '@ant-design/icons';
import type { Lead, LeadStatus, ScoreBand } from '@kehu/shared';
import { Button, Card, Flex, Progress, Tag, Tooltip, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useActivities } from '../../api/activities';
import { loadMoreOf, LoadMoreButton } from '../../components/data-list';
import { EmptyState } from '../../components/page-state';
import { useFormat } from '../../i18n/format';
import { ActivityDrawer, type ActivityDrawerMode } from '../activities/activity-form';
import { directionLabel, KindIcon } from '../activities/activity-parts';

export const bandColors: Record<ScoreBand, string> = { hot: '#f5222d', warm: '#fa8c16', cold: '#8c8c8c' };
const statusColors: Record<LeadStatus, string> = { new: 'blue', contacted: 'cyan', qualified: 'green', converted: 'purple', disqualified: 'default' };

export function LeadStatusTag({ status }: { status: LeadStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColors[status]} style={{ marginInlineEnd: 0 }} data-testid="lead-status">
      {t(`leads.statuses.${status}`)}
    </Tag>
  );
}

/** One line per rule that counted, e.g. "+20 转介绍来源"; the decay reads "−10 4 周无跟进". */
export function reasonText(reason: Lead['scoreReasons'][number], t: TFunction): string {
  const label = reason.ruleId === 'decay' ? t('leads.score.decay', { weeks: Number(reason.label) }) : reason.label;
  return `${reason.points > 0 ? '+' : '−'}${Math.abs(reason.points)} ${label}`;
}

/** The score as a small ring in the band's colour, with the reasons on hover. */
export function ScoreBadge({ lead }: { lead: Pick<Lead, 'score' | 'scoreBand' | 'scoreReasons'> }) {
  const { t } = useTranslation();
  const reasons = lead.scoreReasons.length ? lead.scoreReasons.map((r) => reasonText(r, t)).join('\n') : t('leads.score.none');
  return (
    <Tooltip title={<span style={{ whiteSpace: 'pre-line' }}>{reasons}</span>}>
      <Flex align="center" gap={6} data-testid="lead-score" data-band={lead.scoreBand}>
        <Progress type="circle" size={30} percent={lead.score} strokeColor={bandColors[lead.scoreBand]} format={() => lead.score} />
        <Typography.Text style={{ color: bandColors[lead.scoreBand], fontSize: 12 }}>{t(`leads.bands.${lead.scoreBand}`)}</Typography.Text>
      </Flex>
    </Tooltip>
  );
}

/** The reasons as a list with bars, for the lead's drawer. */
export function ScoreReasons({ lead }: { lead: Lead }) {
  const { t } = useTranslation();
  if (!lead.scoreReasons.length) return <Typography.Text type="secondary">{t('leads.score.none')}</Typography.Text>;
  return (
    <Flex vertical gap={4} data-testid="lead-score-reasons">
      {lead.scoreReasons.map((r) => (
        <Flex key={r.ruleId} justify="space-between" gap={12}>
          <Typography.Text>{r.ruleId === 'decay' ? t('leads.score.decay', { weeks: Number(r.label) }) : r.label}</Typography.Text>
          <Typography.Text strong style={{ color: r.points > 0 ? '#389e0d' : '#cf1322' }}>
            {r.points > 0 ? `+${r.points}` : `−${Math.abs(r.points)}`}
          </Typography.Text>
        </Flex>
      ))}
    </Flex>
  );
}

/** The calls, emails and meetings with a lead so far, newest first, and a button to log one. */
export function LeadActivities({ lead, canWrite }: { lead: Lead; canWrite: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const list = useActivities({ relatedType: 'lead', relatedId: lead.id });
  const [logging, setLogging] = useState<ActivityDrawerMode | null>(null);
  const open = lead.status !== 'converted' && lead.status !== 'disqualified';
  const items = list.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Card
      size="small"
      title={t('leads.activities.title')}
      extra={
        canWrite && open ? (
          <Button size="small" icon={<PlusOutlined aria-hidden />} onClick={() => setLogging({ kind: 'create', leadId: lead.id })} data-testid="lead-log-activity">
            {t('leads.activities.log')}
          </Button>
        ) : null
      }
      data-testid="lead-activities"
    >
      {list.isPending ? null : items.length === 0 ? (
        <EmptyState description={open ? t('leads.activities.empty') : t('leads.activities.emptyClosed')} />
      ) : (
        <Flex vertical gap={12}>
          {items.map((a) => (
            <Flex key={a.id} gap={10} align="flex-start" data-testid="lead-activity">
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
