// The import wizard: /customers/import uploads a file of customers, contacts or leads
// (?object=contacts, ?object=leads) and lists recent imports; /customers/import/:importId carries one
// import from mapping through preview to its run, summary and undo — a reload resumes it.
import { ArrowLeftOutlined, InboxOutlined } from '@ant-design/icons';
import { importObjects, importPermissions, type Import, type ImportObject } from '@kehu/shared';
import { Card, Flex, Radio, Spin, Tooltip, Typography, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useImport, useImports, useUploadImport } from '../../api/imports';
import { useCan } from '../../app/access';
import { DataList } from '../../components/data-list';
import { ErrorState } from '../../components/error-state';
import { PageHeader } from '../../components/page-header';
import { EmptyState, PageSkeleton } from '../../components/page-state';
import { useFormat } from '../../i18n/format';
import { importPathOf, ImportStatusTag, ImportSteps, listPathOf, ProblemAlert } from './import-parts';
import { ImportRun } from './import-run';
import { ImportSetup } from './import-setup';

/** The objects the user may import, and the one the address asks for (else the first of them). */
function useObjects(params: URLSearchParams): { objects: ImportObject[]; object: ImportObject } {
  const can = useCan();
  const objects = importObjects.filter((o) => can(importPermissions[o]));
  const value = params.get('object');
  return { objects, object: objects.find((o) => o === value) ?? objects[0] ?? 'customers' };
}

export function ImportPage() {
  const { t } = useTranslation();
  const { importId } = useParams();
  const [params] = useSearchParams();
  const { object } = useObjects(params);
  return (
    <>
      <Link to={listPathOf(object)} style={{ display: 'inline-flex', gap: 6, marginBottom: 12 }} data-testid="back-to-list">
        <ArrowLeftOutlined aria-hidden />
        {object === 'leads' ? t('imports.backToLeads') : t('imports.backToList')}
      </Link>
      <PageHeader title={t('imports.title')} description={t('imports.description')} />
      {importId ? <ImportWizard key={importId} importId={importId} /> : <UploadStep />}
    </>
  );
}

function ImportWizard({ importId }: { importId: string }) {
  const imp = useImport(importId);
  if (imp.isPending) return <PageSkeleton />;
  if (imp.isError) return <ErrorState error={imp.error} onRetry={() => void imp.refetch()} />;
  return imp.data.status === 'uploaded' ? <ImportSetup imp={imp.data} /> : <ImportRun imp={imp.data} />;
}

function UploadStep() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const { objects, object } = useObjects(params);
  const upload = useUploadImport();

  const onFile = (file: File) => {
    upload.mutate({ object, file }, { onSuccess: (imp) => navigate(importPathOf(imp)) });
    // The request above sends the file; antd's own upload stays idle.
    return false;
  };

  return (
    <>
      <ImportSteps current={0} />
      <Card style={{ marginBottom: 24 }}>
        <Flex vertical gap={16}>
          <Flex gap={12} align="center" wrap>
            <Typography.Text strong id="import-object-label">
              {t('imports.upload.object')}
            </Typography.Text>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              aria-labelledby="import-object-label"
              value={object}
              onChange={(e) => {
                upload.reset();
                setParams(e.target.value === 'customers' ? {} : { object: e.target.value }, { replace: true });
              }}
              options={objects.map((value) => ({ value, label: t(`imports.objects.${value}`) }))}
              data-testid="import-object"
            />
          </Flex>
          {upload.isError ? <ProblemAlert error={upload.error} title={t('imports.upload.failed')} /> : null}
          <div data-testid="import-upload">
            <Spin spinning={upload.isPending}>
              <Upload.Dragger
                accept=".csv,.xlsx,.vcf"
                multiple={false}
                showUploadList={false}
                beforeUpload={onFile}
                disabled={upload.isPending}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined aria-hidden />
                </p>
                <p className="ant-upload-text">{t('imports.upload.drag')}</p>
                <p className="ant-upload-hint" style={{ padding: '0 12px' }}>
                  {t('imports.upload.hint')}
                </p>
              </Upload.Dragger>
            </Spin>
          </div>
        </Flex>
      </Card>
      <RecentImports object={object} />
    </>
  );
}

function RecentImports({ object }: { object: ImportObject }) {
  const { t } = useTranslation();
  const format = useFormat();
  const imports = useImports(object);

  const fileLink = (imp: Import) => (
    <Link to={importPathOf(imp)} style={{ fontWeight: 600, wordBreak: 'break-all' }}>
      {imp.fileName}
    </Link>
  );
  const when = (imp: Import) => (
    <Tooltip title={format.dateTime(imp.createdAt)}>
      <span style={{ whiteSpace: 'nowrap' }}>{format.relative(imp.createdAt)}</span>
    </Tooltip>
  );
  const counts = (imp: Import) =>
    imp.status === 'uploaded' ? (
      <Typography.Text type="secondary">{t('imports.recent.rows', { count: imp.totalRows })}</Typography.Text>
    ) : (
      t('imports.recent.countsText', { created: imp.created, updated: imp.updated, skipped: imp.skipped, rejected: imp.rejected })
    );

  const columns: ColumnsType<Import> = [
    { title: t('imports.recent.file'), key: 'file', render: (_v, imp) => fileLink(imp) },
    { title: t('imports.recent.by'), key: 'by', render: (_v, imp) => imp.createdByName ?? '—' },
    { title: t('imports.recent.at'), key: 'at', render: (_v, imp) => when(imp) },
    { title: t('imports.recent.status'), key: 'status', render: (_v, imp) => <ImportStatusTag status={imp.status} /> },
    { title: t('imports.recent.counts'), key: 'counts', render: (_v, imp) => counts(imp) },
  ];

  const renderCard = (imp: Import) => (
    <Flex vertical gap={4}>
      <Flex justify="space-between" gap={8} align="flex-start">
        {fileLink(imp)}
        <ImportStatusTag status={imp.status} />
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {imp.createdByName ?? '—'} · {when(imp)}
      </Typography.Text>
      <Typography.Text style={{ fontSize: 12 }}>{counts(imp)}</Typography.Text>
    </Flex>
  );

  return (
    <>
      <Typography.Title level={5}>{t('imports.recent.title')}</Typography.Title>
      {imports.isPending ? (
        <PageSkeleton rows={3} />
      ) : imports.isError ? (
        <ErrorState error={imports.error} onRetry={() => void imports.refetch()} />
      ) : (
        <DataList<Import>
          data={imports.data.data}
          rowKey={(imp) => imp.id}
          columns={columns}
          renderCard={renderCard}
          empty={<EmptyState description={t('imports.recent.empty')} />}
          testId="recent-imports"
        />
      )}
    </>
  );
}
