// Small pieces of the leads area: the score with its band, why it is what it is, and the status.
import type { Lead, LeadStatus, ScoreBand } from '@kehu/shared';
import { Flex, Progress, Tag, Tooltip, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

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

