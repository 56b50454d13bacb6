// Small pieces of the sales area: names of stages in the UI language, amounts, status tags.
import type { LocalizedLabel, Opportunity, Pipeline, PipelineStage } from '@kehu/shared';
import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { currentLocale } from '../../i18n';
import type { Formatter } from '../../i18n/format';

/** A label in the UI language, falling back to Simplified Chinese (always present). */
export const localized = (label: z.infer<typeof LocalizedLabel>) => label[currentLocale()] || label['zh-CN'];

export const openStages = (pipeline: Pipeline): PipelineStage[] => pipeline.stages.filter((s) => s.kind === 'open');

/** An amount in minor units as money; a dash when there is none. */
export const amountText = (format: Formatter, amount: number | null, currency: string) => (amount === null ? '—' : format.money(amount, currency));

const statusColors: Record<Opportunity['status'], string> = { open: 'blue', won: 'green', lost: 'default' };

export function StatusTag({ status }: { status: Opportunity['status'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColors[status]} style={{ marginInlineEnd: 0 }} data-testid="opportunity-status">
      {t(`opportunities.statuses.${status}`)}
    </Tag>
  );
}

/** Days as "3 天" / "3 days", hours under a day. */
export function durationWords(seconds: number, t: TFunction): string {
  const days = Math.floor(seconds / 86_400);
  return days >= 1 ? t('opportunities.days', { count: days }) : t('opportunities.hours', { count: Math.max(1, Math.round(seconds / 3600)) });
}
