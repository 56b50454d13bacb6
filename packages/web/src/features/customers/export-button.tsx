// Export of the list as it stands (filters, conditions, sort, visible columns): a direct
// download for up to 5,000 customers, beyond that a background job with its progress.
import { DownloadOutlined, DownOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Modal, Progress, Result, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import type { CustomerFilter } from '../../api/keys';
import { customerExportUrl } from '../../api/customers';
import { exportFileUrl, useExportJob, useStartExport, type ExportFormat } from '../../api/list-views';
import { useIsPhone } from '../../components/use-is-phone';
import { useFormat } from '../../i18n/format';

/** Above this many rows the export runs as a job rather than one long download. */
export const DIRECT_EXPORT_LIMIT = 5000;

interface ExportButtonProps {
  filter: CustomerFilter;
  columns: string[];
  /** How many customers the list holds, when known. */
  total: number | undefined;
}

export function ExportButton({ filter, columns, total }: ExportButtonProps) {
  const { t } = useTranslation();
  const { message, notification } = App.useApp();
  const isPhone = useIsPhone();
  const format = useFormat();
  const start = useStartExport();
  const [jobId, setJobId] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const job = useExportJob(jobId);
  const large = (total ?? 0) > DIRECT_EXPORT_LIMIT;

  const runJob = async (fileFormat: ExportFormat) => {
    try {
      const started = await start.mutateAsync({ ...filter, format: fileFormat, columns });
      setJobId(started.id);
      setOpen(true);
    } catch (error) {
      void message.error(isApiError(error) ? error.problem.title : t('errors.unknown'));
    }
  };

  // Small lists: a plain link, so the browser downloads the file itself with the session cookie.
  const item = (fileFormat: ExportFormat) =>
    large ? (
      <span onClick={() => void runJob(fileFormat)} data-testid={`export-customers-${fileFormat}`}>
        {t(`customers.export.${fileFormat}`)}
      </span>
    ) : (
      <a href={customerExportUrl(filter, fileFormat, columns)} download data-testid={`export-customers-${fileFormat}`}>
        {t(`customers.export.${fileFormat}`)}
      </a>
    );

  const state = job.data;
  const finished = state?.status === 'done' || state?.status === 'failed';

  // A job left to run in the background says so when its file is ready.
  useEffect(() => {
    if (!state || open || !finished) return;
    if (state.status === 'done') {
      notification.success({
        message: t('customers.exportJob.done', { n: format.number(state.processed) }),
        description: (
          <a href={exportFileUrl(state.id)} download>
            {t('customers.exportJob.download', { name: state.fileName ?? '' })}
          </a>
        ),
        duration: 0,
      });
    } else {
      notification.error({ message: t('customers.exportJob.failed'), description: state.error ?? undefined });
    }
    setJobId(null);
  }, [state, open, finished, notification, t, format]);
  const percent = state && state.totalRows > 0 ? Math.floor((state.processed / state.totalRows) * 100) : 0;

  return (
    <>
      <Dropdown
        trigger={['click']}
        placement="bottomRight"
        menu={{ items: [{ key: 'csv', label: item('csv') }, { key: 'xlsx', label: item('xlsx') }] }}
      >
        <Button
          icon={<DownloadOutlined aria-hidden />}
          aria-label={isPhone ? t('customers.export.button') : undefined}
          loading={start.isPending}
          data-testid="export-customers"
        >
          {isPhone ? null : t('customers.export.button')}
          <DownOutlined aria-hidden style={{ fontSize: 10 }} />
        </Button>
      </Dropdown>
      <Modal
        open={open && jobId !== null}
        title={t('customers.exportJob.title')}
        onCancel={() => {
          setOpen(false);
          if (finished) setJobId(null);
        }}
        footer={
          <Button
            onClick={() => {
              setOpen(false);
              if (finished) setJobId(null);
            }}
          >
            {finished ? t('common.close') : t('customers.exportJob.background')}
          </Button>
        }
        data-testid="export-job"
      >
        {state?.status === 'done' ? (
          <Result
            status="success"
            title={t('customers.exportJob.done', { n: format.number(state.processed) })}
            subTitle={t('customers.exportJob.keep')}
            extra={
              <Button type="primary" href={exportFileUrl(state.id)} icon={<DownloadOutlined aria-hidden />} data-testid="export-job-download">
                {t('customers.exportJob.download', { name: state.fileName ?? '' })}
              </Button>
            }
          />
        ) : state?.status === 'failed' ? (
          <Result status="error" title={t('customers.exportJob.failed')} subTitle={state.error ?? undefined} />
        ) : (
          <>
            <Typography.Paragraph>{t('customers.exportJob.running', { n: format.number(state?.totalRows ?? total ?? 0) })}</Typography.Paragraph>
            <Progress percent={percent} status="active" data-testid="export-job-progress" />
            <Typography.Text type="secondary">
              {t('customers.exportJob.progress', { done: format.number(state?.processed ?? 0), total: format.number(state?.totalRows ?? total ?? 0) })}
            </Typography.Text>
          </>
        )}
      </Modal>
    </>
  );
}
