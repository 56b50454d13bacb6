// Pieces the customer pool pages share: a pool's rules in a few words, and the report of a
// claim, assignment or release where each customer succeeded or was refused with its reason.
import type { CustomerPool, PoolBatchResult } from '@kehu/shared';
import { App, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

/** "30 days without a follow-up · warned 3 days ahead · …", or that reclaim is off. */
export function poolRules(t: TFunction, pool: CustomerPool): string[] {
  const lines: string[] = [];
  if (pool.enabled && pool.followUpDays) lines.push(t('pool.rules.followUp', { days: pool.followUpDays }));
  if (pool.enabled && pool.wonDealDays) lines.push(t('pool.rules.wonDeal', { days: pool.wonDealDays }));
  if (lines.length && pool.warnDays > 0) lines.push(t('pool.rules.warn', { days: pool.warnDays }));
  if (!lines.length) lines.push(t('pool.rules.off'));
  if (pool.maxOwned !== null) lines.push(t('pool.rules.maxOwned', { count: pool.maxOwned }));
  if (pool.claimCooldownDays > 0) lines.push(t('pool.rules.cooldown', { days: pool.claimCooldownDays }));
  return lines;
}

type Done = 'pool.claimed' | 'pool.assigned' | 'pool.released';

/** Says how a batch went: a toast when all succeeded, else a dialog naming each refused customer and why. */
export function useBatchReport() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  return (result: PoolBatchResult, done: Done, nameOf: (id: string) => string | undefined) => {
    if (result.refused.length === 0) {
      void message.success(t(done, { count: result.done.length }));
      return;
    }
    modal.warning({
      title: t('pool.result', { done: result.done.length, refused: result.refused.length }),
      content: (
        <ul style={{ paddingInlineStart: 20, margin: 0 }} data-testid="pool-refusals">
          {result.refused.map((r) => (
            <li key={r.id}>
              <Typography.Text strong>{r.name ?? nameOf(r.id) ?? ''}</Typography.Text>
              {t('pool.separator')}
              {r.message}
            </li>
          ))}
        </ul>
      ),
    });
  };
}
