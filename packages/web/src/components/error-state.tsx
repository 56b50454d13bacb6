// A failed load: the server's localized title, the request id to quote, and a retry.
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const problem = isApiError(error) ? error.problem : null;
  const status = problem?.status === 403 ? '403' : problem?.status === 404 ? '404' : 'error';
  return (
    <Result
      status={status}
      title={problem?.title ?? t('errors.unknown')}
      subTitle={problem?.requestId ? t('errors.requestId', { id: problem.requestId }) : undefined}
      extra={
        onRetry ? (
          <Button type="primary" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
