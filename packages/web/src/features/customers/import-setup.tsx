// Steps 2 and 3 of the import wizard: map each file column to a field (or leave it out),
// then preview what the first rows would do and start the import.
import { ArrowLeftOutlined, CheckCircleFilled, CloseCircleFilled, SaveOutlined } from '@ant-design/icons';
import {
  importFieldsOf,
  requiredImportFields,
  type DuplicateMode,
  type Import,
  type ImportPreview,
  type ImportRowIssue,
} from '@kehu/shared';
import { App, Button, Card, Flex, Input, Radio, Select, Space, Switch, Table, Tag, theme, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { z } from 'zod';
import {
  useImportPreview,
  useImportSample,
  useSavedMappings,
  useSaveMapping,
  useStartImport,
} from '../../api/imports';
import { useActiveCustomFields, useCustomFields } from '../../api/custom-fields';
import { customFieldObjectOf, FileLine, ImportSteps, ProblemAlert, targetLabel, uploadPathOf } from './import-parts';

type Target = string | null;
type Mode = z.infer<typeof DuplicateMode>;
type PreviewRow = ImportPreview['rows'][number];

// antd's Select cannot hold null as a value; this stands for "do not import".
const SKIP = '';

/** Header text compared the way people write it: case and surrounding spaces do not matter. */
const headerKey = (header: string) => header.trim().toLowerCase();

export function ImportSetup({ imp }: { imp: Import }) {
  const [stage, setStage] = useState<'mapping' | 'preview'>('mapping');
  const [mapping, setMapping] = useState<Target[]>(imp.mapping);
  const [mode, setMode] = useState<Mode>('skip');
  return (
    <>
      <ImportSteps current={stage === 'mapping' ? 1 : 2} />
      <FileLine imp={imp} />
      {stage === 'mapping' ? (
        <MappingStep imp={imp} mapping={mapping} onChange={setMapping} onNext={() => setStage('preview')} />
      ) : (
        <PreviewStep imp={imp} mapping={mapping} mode={mode} onMode={setMode} onBack={() => setStage('mapping')} />
      )}
    </>
  );
}

interface MappingRow {
  index: number;
  header: string;
}

function MappingStep({ imp, mapping, onChange, onNext }: { imp: Import; mapping: Target[]; onChange: (m: Target[]) => void; onNext: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const customFields = useActiveCustomFields(customFieldObjectOf[imp.object]).data ?? [];
  const saved = useSavedMappings(imp.object);
  const save = useSaveMapping();
  const [name, setName] = useState('');
  // Of each group one field must be mapped: a lead's person or company name will do.
  const groups = requiredImportFields[imp.object];
  const required = groups.flat();
  const groupLabel = (group: readonly string[]) => group.map(label).join(' / ');
  const label = (target: string) => targetLabel(imp.object, target, customFields, t);

  const samples = useImportSample(imp.id);
  const sampleRows = samples.data?.rows ?? [];

  const missing = groups.filter((group) => !group.some((field) => mapping.includes(field)));
  const twice = [...new Set(mapping.filter((m, i) => m !== null && mapping.indexOf(m) !== i))] as string[];

  const options = [
    { value: SKIP, label: t('imports.mapping.skip') },
    {
      label: t('imports.mapping.standard'),
      title: t('imports.mapping.standard'),
      options: importFieldsOf[imp.object].map((field) => ({ value: field, label: label(field) })),
    },
    ...(customFields.length
      ? [
          {
            label: t('imports.mapping.custom'),
            title: t('imports.mapping.custom'),
            options: customFields.map((f) => ({ value: `custom.${f.key}`, label: label(`custom.${f.key}`) })),
          },
        ]
      : []),
  ];

  const setTarget = (index: number, value: string) => onChange(mapping.map((m, i) => (i === index ? (value === SKIP ? null : value) : m)));

  const applySaved = (mappingId: string) => {
    const found = saved.data?.data.find((m) => m.id === mappingId);
    if (!found) return;
    const byHeader = new Map(Object.entries(found.columns).map(([header, target]) => [headerKey(header), target]));
    onChange(imp.headers.map((header, i) => (byHeader.has(headerKey(header)) ? (byHeader.get(headerKey(header)) ?? null) : (mapping[i] ?? null))));
    void message.success(t('imports.mapping.applied', { name: found.name }));
  };

  const onSave = () => {
    const columns = Object.fromEntries(imp.headers.map((header, i) => [header, mapping[i] ?? null]));
    save.mutate(
      { object: imp.object, name: name.trim(), columns },
      {
        onSuccess: (result) => {
          setName('');
          void message.success(t('imports.mapping.saved', { name: result.name }));
        },
      },
    );
  };

  const columns: ColumnsType<MappingRow> = [
    {
      title: t('imports.mapping.column'),
      key: 'column',
      render: (_v, row) => <Typography.Text strong>{row.header}</Typography.Text>,
    },
    {
      title: t('imports.mapping.samples'),
      key: 'samples',
      render: (_v, row) => (
        <Flex vertical gap={2} style={{ maxWidth: 260 }}>
          {sampleRows.map((cells, n) => (
            <Typography.Text key={n} type="secondary" ellipsis style={{ fontSize: 12 }}>
              {cells[row.index] || '—'}
            </Typography.Text>
          ))}
        </Flex>
      ),
    },
    {
      title: t('imports.mapping.target'),
      key: 'target',
      render: (_v, row) => {
        const target = mapping[row.index] ?? null;
        return (
          <Flex gap={8} align="center">
            <Select<string>
              aria-label={t('imports.mapping.targetOf', { column: row.header })}
              value={target ?? SKIP}
              onChange={(value) => setTarget(row.index, value)}
              options={options}
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: 200 }}
              data-testid={`mapping-${row.index}`}
            />
            {target && required.includes(target) ? <Tag color="red">{t('imports.mapping.required')}</Tag> : null}
          </Flex>
        );
      },
    },
  ];

  return (
    <Card>
      <Flex vertical gap={16}>
        <Typography.Text type="secondary">{t('imports.mapping.hint')}</Typography.Text>
        <Flex gap={8} wrap align="center" data-testid="required-fields">
          <Typography.Text>{t('imports.mapping.requiredFields')}</Typography.Text>
          {groups.map((group) =>
            group.some((field) => mapping.includes(field)) ? (
              <Tag key={group.join()} color="success" icon={<CheckCircleFilled aria-hidden />}>
                {groupLabel(group)}
              </Tag>
            ) : (
              <Tag key={group.join()} color="error" icon={<CloseCircleFilled aria-hidden />}>
                {groupLabel(group)}
              </Tag>
            ),
          )}
        </Flex>
        {missing.length ? (
          <Typography.Text type="danger" role="alert">
            {t('imports.mapping.missing', { fields: missing.map(groupLabel).join('、') })}
          </Typography.Text>
        ) : null}
        {twice.map((field) => (
          <Typography.Text key={field} type="warning">
            {t('imports.mapping.twice', { field: label(field) })}
          </Typography.Text>
        ))}
        <Table<MappingRow>
          size="small"
          rowKey={(row) => String(row.index)}
          columns={columns}
          dataSource={imp.headers.map((header, index) => ({ index, header }))}
          pagination={false}
          scroll={{ x: 'max-content' }}
          loading={samples.isPending}
          data-testid="mapping-table"
        />
        <Flex gap={8} wrap justify="space-between">
          <Flex gap={8} wrap>
            {saved.data?.data.length ? (
              <Select<string>
                aria-label={t('imports.mapping.useSaved')}
                placeholder={t('imports.mapping.useSaved')}
                value={null}
                onChange={applySaved}
                options={saved.data.data.map((m) => ({ value: m.id, label: m.name }))}
                style={{ width: 200 }}
                data-testid="apply-mapping"
              />
            ) : null}
            <Space.Compact>
              <Input
                aria-label={t('imports.mapping.name')}
                placeholder={t('imports.mapping.namePlaceholder')}
                value={name}
                maxLength={60}
                onChange={(e) => setName(e.target.value)}
                onPressEnter={() => name.trim() && onSave()}
                style={{ width: 180 }}
                title={t('imports.mapping.saveTitle')}
              />
              <Button icon={<SaveOutlined aria-hidden />} onClick={onSave} disabled={!name.trim()} loading={save.isPending} data-testid="save-mapping">
                {t('imports.mapping.save')}
              </Button>
            </Space.Compact>
          </Flex>
          <Flex gap={8}>
            <Button onClick={() => navigate(uploadPathOf(imp.object))}>
              {t('imports.reupload')}
            </Button>
            <Button type="primary" disabled={missing.length > 0} onClick={onNext} data-testid="mapping-next">
              {t('imports.next')}
            </Button>
          </Flex>
        </Flex>
        {save.isError ? <ProblemAlert error={save.error} /> : null}
      </Flex>
    </Card>
  );
}

function issueText(issue: ImportRowIssue): string {
  const where = issue.column ?? issue.field;
  return where ? `${where}：${issue.message}` : issue.message;
}

export function IssueList({ issues }: { issues: ImportRowIssue[] }) {
  return (
    <Flex vertical gap={2}>
      {issues.map((issue, i) => (
        <Typography.Text key={i} type="danger" style={{ whiteSpace: 'nowrap' }}>
          {issueText(issue)}
        </Typography.Text>
      ))}
    </Flex>
  );
}

const actionColors: Record<PreviewRow['action'], string> = { create: 'green', update: 'blue', skip: 'default', reject: 'red' };

function PreviewStep({
  imp,
  mapping,
  mode,
  onMode,
  onBack,
}: {
  imp: Import;
  mapping: Target[];
  mode: Mode;
  onMode: (mode: Mode) => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const customFields = useCustomFields(customFieldObjectOf[imp.object]).data ?? [];
  const preview = useImportPreview(imp.id, { mapping, duplicateMode: mode });
  const start = useStartImport();
  const [onlyIssues, setOnlyIssues] = useState(false);
  const rows = (preview.data?.rows ?? []).filter((r) => !onlyIssues || r.issues.length > 0);
  const withIssues = preview.data?.withIssues ?? 0;

  const flagged = (row: PreviewRow) => (row.issues.length ? { style: { background: token.colorErrorBg } } : {});
  const mapped = imp.headers
    .map((header, index) => ({ header, index, label: targetLabel(imp.object, mapping[index] ?? '', customFields, t) }))
    .filter((c) => mapping[c.index] !== null);

  const columns: ColumnsType<PreviewRow> = [
    { title: t('imports.preview.row'), key: 'rowNo', dataIndex: 'rowNo', width: 64, onCell: flagged },
    {
      title: t('imports.preview.action'),
      key: 'action',
      onCell: flagged,
      render: (_v, row) => <Tag color={actionColors[row.action]}>{t(`imports.preview.actions.${row.action}`)}</Tag>,
    },
    ...mapped.map((c) => ({
      title: (
        <Flex vertical>
          <span>{c.header}</span>
          {c.label !== c.header ? (
            <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
              → {c.label}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
      key: `c${c.index}`,
      onCell: flagged,
      render: (_v: unknown, row: PreviewRow) => (
        <span style={{ whiteSpace: 'nowrap' }}>{row.cells[c.index] || <Typography.Text type="secondary">—</Typography.Text>}</span>
      ),
    })),
    {
      title: t('imports.preview.issues'),
      key: 'issues',
      onCell: flagged,
      render: (_v, row) => <IssueList issues={row.issues} />,
    },
  ];

  const onStart = () => start.mutate({ importId: imp.id, body: { mapping, duplicateMode: mode, version: imp.version } });

  return (
    <Card>
      <Flex vertical gap={16}>
        <Flex gap={12} wrap align="center">
          <Typography.Text strong id="duplicate-mode-label">
            {t('imports.preview.duplicateMode')}
          </Typography.Text>
          <Radio.Group
            aria-labelledby="duplicate-mode-label"
            value={mode}
            onChange={(e) => onMode(e.target.value as Mode)}
            options={(['skip', 'update', 'create'] as const).map((value) => ({ value, label: t(`imports.preview.modes.${value}`) }))}
            data-testid="duplicate-mode"
          />
        </Flex>
        {preview.isError ? <ProblemAlert error={preview.error} /> : null}
        {preview.data ? (
          <Flex vertical gap={4}>
            {withIssues > 0 ? (
              <Typography.Text type="danger" strong data-testid="preview-issues">
                {t('imports.preview.withIssues', { count: withIssues })}
              </Typography.Text>
            ) : (
              <Typography.Text type="success" strong data-testid="preview-issues">
                {t('imports.preview.noIssues')}
              </Typography.Text>
            )}
            <Typography.Text type="secondary">{t('imports.preview.checked', { checked: preview.data.checked, total: imp.totalRows })}</Typography.Text>
          </Flex>
        ) : null}
        <Flex gap={8} align="center">
          <Switch size="small" checked={onlyIssues} onChange={setOnlyIssues} aria-label={t('imports.preview.onlyIssues')} data-testid="only-issues" />
          <Typography.Text>{t('imports.preview.onlyIssues')}</Typography.Text>
        </Flex>
        <Table<PreviewRow>
          size="small"
          rowKey={(row) => String(row.rowNo)}
          columns={columns}
          dataSource={rows}
          loading={preview.isFetching}
          pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: 'max-content' }}
          data-testid="preview-table"
        />
        {start.isError ? <ProblemAlert error={start.error} /> : null}
        <Flex gap={8} justify="space-between" wrap>
          <Button icon={<ArrowLeftOutlined aria-hidden />} onClick={onBack} data-testid="preview-back">
            {t('imports.back')}
          </Button>
          <Button type="primary" onClick={onStart} loading={start.isPending} disabled={!preview.data} data-testid="start-import">
            {t('imports.preview.start', { count: imp.totalRows })}
          </Button>
        </Flex>
      </Flex>
    </Card>
  );
}
