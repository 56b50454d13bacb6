// Step 4 of the import wizard: the live progress of a running (or undoing) import,
// then its summary with the rejected rows and their reasons, and the undo.
import { CheckCircleFilled, DownloadOutlined, RollbackOutlined } from '@ant-design/icons';
import type { Import, ImportRejectedRow } from '@kehu/shared';
import { Alert, App, Button, Card, Col, Flex, Popconfirm, Progress, Result, Row, Statistic, Table, theme, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { z } from 'zod';
import { isApiError } from '../../api/client';
import { busyImportStatuses, isImportBusy, rejectedCsvUrl, useImportSettled, useRejectedRows, useUndoImport } from '../../api/imports';
import { ErrorState } from '../../components/error-state';
import { useFormat } from '../../i18n/format';
import { FileLine, ImportSteps, listPathOf, uploadPathOf } from './import-parts';
import { IssueList } from './import-setup';

export function ImportRun({ imp }: { imp: Import }) {
  const settled = useImportSettled();
  const previous = useRef(imp.status);
  useEffect(() => {
    // Finished or undone while this page watched: the records it touched are stale elsewhere.
    if (busy(previous.current) && !busy(imp.status)) settled(imp);
    previous.current = imp.status;
  }, [imp, settled]);

  return (
    <>
      <ImportSteps current={3} finished={!isImportBusy(imp)} />
      <FileLine imp={imp} />
      {isImportBusy(imp) ? <RunProgress imp={imp} /> : <Summary imp={imp} />}
    </>
  );
}

const busy = (status: Import['status']) => busyImportStatuses.includes(status);

function RunProgress({ imp }: { imp: Import }) {
  const { t } = useTranslation();
  const undoing = imp.status === 'undoing';
  // An undo walks back the rows that created or updated a record.
  const total = undoing ? imp.created + imp.updated : imp.totalRows;
  const processed = Math.min(imp.processed, total);
  const percent = total > 0 ? Math.floor((processed / total) * 100) : 0;
  return (
    <Card>
      <Flex vertical gap={12} style={{ maxWidth: 640, margin: '24px auto' }}>
        <Typography.Title level={4} style={{ margin: 0, textAlign: 'center' }} data-testid="import-run-status">
          {t(`imports.run.${imp.status === 'queued' ? 'queued' : undoing ? 'undoing' : 'running'}`)}
        </Typography.Title>
        <Progress
          percent={percent}
          status="active"
          format={() => t('imports.run.progress', { processed, total })}
          aria-label={t('imports.run.progress', { processed, total })}
          data-testid="import-progress"
        />
        <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
          {t('imports.run.leave')}
        </Typography.Text>
      </Flex>
    </Card>
  );
}

function Summary({ imp }: { imp: Import }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const format = useFormat();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const undo = useUndoImport();
  const undone = imp.status === 'undone';
  const canUndo = imp.status === 'done' && imp.created + imp.updated > 0;

  const onUndo = () =>
    undo.mutate(imp.id, { onError: (error) => void message.error(isApiError(error) ? error.problem.title : t('errors.unknown')) });

  const stat = (key: 'created' | 'updated' | 'skipped' | 'rejected', color?: string) => (
    <Col xs={12} sm={6}>
      <Card size="small" style={{ height: '100%' }} data-testid={`import-${key}`}>
        <Statistic title={t(`imports.summary.${key}`)} value={imp[key]} styles={{ content: { color } }} />
      </Card>
    </Col>
  );

  const heading = undone ? (
    <Result
      status="info"
      icon={<RollbackOutlined aria-hidden />}
      title={t('imports.summary.undone')}
      subTitle={
        <Flex vertical gap={4}>
          <span>{t('imports.summary.undoneHint')}</span>
          {imp.undoKept > 0 ? <span>{t('imports.summary.undoKept', { count: imp.undoKept })}</span> : null}
        </Flex>
      }
      style={{ padding: '16px 0 8px' }}
      data-testid="import-undone"
    />
  ) : imp.status === 'failed' ? (
    <Alert type="error" showIcon title={t('imports.summary.failed')} description={imp.error} data-testid="import-failed" />
  ) : (
    <Flex gap={12} align="center">
      <CheckCircleFilled aria-hidden style={{ fontSize: 28, color: token.colorSuccess }} />
      <Flex vertical>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('imports.summary.done')}
        </Typography.Title>
        <Typography.Text type="secondary">
          {t('imports.summary.doneHint', {
            name: imp.fileName,
            by: imp.createdByName ?? '—',
            at: format.dateTime(imp.finishedAt ?? imp.createdAt),
          })}
        </Typography.Text>
      </Flex>
    </Flex>
  );

  return (
    <Flex vertical gap={16} data-testid="import-summary">
      <Card>
        <Flex vertical gap={20}>
          {heading}
          <Row gutter={[12, 12]}>
            {stat('created', token.colorSuccess)}
            {stat('updated', imp.updated ? token.colorPrimary : undefined)}
            {stat('skipped')}
            {stat('rejected', imp.rejected ? token.colorError : undefined)}
          </Row>
          <Flex gap={8} wrap>
            {canUndo ? (
              <Popconfirm
                title={t('imports.summary.undoConfirm')}
                description={<div style={{ maxWidth: 320 }}>{t('imports.summary.undoHint')}</div>}
                okText={t('imports.summary.undo')}
                okButtonProps={{ danger: true, 'data-testid': 'confirm-undo' }}
                cancelText={t('common.cancel')}
                onConfirm={onUndo}
              >
                <Button danger icon={<RollbackOutlined aria-hidden />} loading={undo.isPending} data-testid="undo-import">
                  {t('imports.summary.undo')}
                </Button>
              </Popconfirm>
            ) : null}
            <Button onClick={() => navigate(uploadPathOf(imp.object))}>
              {t('imports.summary.another')}
            </Button>
            <Button type={canUndo ? 'default' : 'primary'} onClick={() => navigate(listPathOf(imp.object))}>
              {imp.object === 'leads' ? t('imports.summary.toLeads') : t('imports.summary.toList')}
            </Button>
          </Flex>
        </Flex>
      </Card>
      {imp.rejected > 0 ? <RejectedRows imp={imp} /> : null}
    </Flex>
  );
}

type Rejected = z.infer<typeof ImportRejectedRow>;

function RejectedRows({ imp }: { imp: Import }) {
  const { t } = useTranslation();
  const rejected = useRejectedRows(imp.id, true);
  const rows = rejected.data?.data ?? [];

  const columns: ColumnsType<Rejected> = [
    { title: t('imports.preview.row'), key: 'rowNo', dataIndex: 'rowNo', width: 64 },
    { title: t('imports.summary.reasons'), key: 'issues', render: (_v, row) => <IssueList issues={row.issues} /> },
    ...imp.headers.map((header, index) => ({
      title: header,
      key: `c${index}`,
      render: (_v: unknown, row: Rejected) => (
        <span style={{ whiteSpace: 'nowrap' }}>{row.cells[index] || <Typography.Text type="secondary">—</Typography.Text>}</span>
      ),
    })),
  ];

  return (
    <Card
      title={t('imports.summary.rejectedTitle')}
      extra={
        <a href={rejectedCsvUrl(imp.id)} download data-testid="download-rejected">
          <DownloadOutlined aria-hidden /> {t('imports.summary.download')}
        </a>
      }
      styles={{ header: { flexWrap: 'wrap', gap: 8 } }}
    >
      {rejected.isError ? (
        <ErrorState error={rejected.error} onRetry={() => void rejected.refetch()} />
      ) : (
        <Flex vertical gap={8}>
          <Typography.Text type="secondary">{t('imports.summary.rejectedHint')}</Typography.Text>
          <Table<Rejected>
            size="small"
            rowKey={(row) => String(row.rowNo)}
            columns={columns}
            dataSource={rows}
            loading={rejected.isPending}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
            scroll={{ x: 'max-content' }}
            data-testid="rejected-rows"
          />
          {imp.rejected > rows.length && rows.length > 0 ? (
            <Typography.Text type="secondary">{t('imports.summary.more', { shown: rows.length, count: imp.rejected })}</Typography.Text>
          ) : null}
        </Flex>
      )}
    </Card>
  );
}
