// Audit log: who did what to which record, when, from where, with the fields
// it changed (before → after). Filterable, newest first, loaded page by page.
import { FilterOutlined, SearchOutlined } from '@ant-design/icons';
import type { AuditEvent } from '@kehu/shared';
import { AutoComplete, Button, Card, Col, DatePicker, Flex, Form, Input, Row, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuditEvents } from '../../api/identity';
import type { AuditFilter } from '../../api/keys';
import { useCan } from '../../app/access';
import { ChangeList, showValue } from '../../components/change-list';
import { DataList, loadMoreOf } from '../../components/data-list';
import { ErrorState } from '../../components/error-state';
import { PageHeader } from '../../components/page-header';
import { EmptyState, PageSkeleton } from '../../components/page-state';
import { useIsPhone } from '../../components/use-is-phone';
import { translateOr } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { UserSelect } from '../identity/user-select';

interface FilterValues {
  actorId?: string;
  objectType?: string;
  objectId?: string;
  action?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

const knownObjectTypes = ['customer', 'contact', 'user', 'team', 'role', 'api_key', 'organization', 'session'];

/** The tail of an id: UUIDv7s share their leading (time) digits, so the end tells them apart. */
const shortId = (id: string) => (id.length > 10 ? `…${id.slice(-8)}` : id);

const hasDetails = (event: AuditEvent) =>
  Object.keys(event.changes ?? {}).length > 0 || Object.keys(event.meta ?? {}).length > 0;

/** Changed fields (before → after), then the event's extra facts (e.g. the email of a failed sign-in). */
function Details({ event }: { event: AuditEvent }) {
  const { t } = useTranslation();
  const meta = Object.entries(event.meta ?? {});
  if (!hasDetails(event)) {
    return <Typography.Text type="secondary">{t('audit.noChanges')}</Typography.Text>;
  }
  return (
    <Flex vertical gap={4} data-testid="audit-changes" style={{ wordBreak: 'break-word' }}>
      <ChangeList changes={event.changes ?? {}} />
      {meta.map(([key, value]) => (
        <div key={`meta:${key}`}>
          <Typography.Text type="secondary">{key}</Typography.Text>
          {': '}
          <Typography.Text type="secondary">{showValue(value)}</Typography.Text>
        </div>
      ))}
    </Flex>
  );
}

/** A phone-sized entry: the essentials, with the field changes one tap away. */
function AuditCard({ event, actionLabel, objectLabel }: { event: AuditEvent; actionLabel: string; objectLabel: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [open, setOpen] = useState(false);
  return (
    <Flex vertical gap={6}>
      <Flex justify="space-between" gap={8} wrap>
        <Typography.Text strong>{actionLabel}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {format.dateTime(event.at)}
        </Typography.Text>
      </Flex>
      <Typography.Text>
        {event.actorName ?? t('audit.system')} · {objectLabel}
        {event.objectId ? <span className="kehu-mono"> {shortId(event.objectId)}</span> : null}
      </Typography.Text>
      <Typography.Text type="secondary" className="kehu-mono">
        {[event.ip, event.requestId ? shortId(event.requestId) : null].filter(Boolean).join(' · ')}
      </Typography.Text>
      {hasDetails(event) ? (
        <>
          <Typography.Link onClick={() => setOpen((o) => !o)}>{open ? t('audit.hideDetails') : t('audit.showDetails')}</Typography.Link>
          {open ? <Details event={event} /> : null}
        </>
      ) : null}
    </Flex>
  );
}

export function AuditPage() {
  const { t } = useTranslation();
  const can = useCan();
  const format = useFormat();
  const [form] = Form.useForm<FilterValues>();
  const [filter, setFilter] = useState<AuditFilter>({});
  const isPhone = useIsPhone();
  const [filtersOpen, setFiltersOpen] = useState(false);
  const activeFilters = Object.values(filter).filter(Boolean).length;
  const events = useAuditEvents(filter);
  const rows = useMemo(() => events.data?.pages.flatMap((page) => page.data) ?? [], [events.data]);

  const actionLabel = (action: string) => translateOr(t, `audit.actions.${action}`, action);
  const objectLabel = (type: string) => translateOr(t, `audit.objects.${type}`, type);

  const apply = (values: FilterValues) => {
    const [from, to] = values.range ?? [];
    setFilter({
      actorId: values.actorId || undefined,
      objectType: values.objectType?.trim() || undefined,
      objectId: values.objectId?.trim() || undefined,
      action: values.action?.trim() || undefined,
      from: from ? format.toIso(from) : undefined,
      to: to ? format.toIso(to) : undefined,
    });
  };

  const reset = () => {
    form.resetFields();
    setFilter({});
  };

  const actor = (event: AuditEvent) => event.actorName ?? t('audit.system');
  const object = (event: AuditEvent) => (
    <Flex vertical>
      <span>{objectLabel(event.objectType)}</span>
      {event.objectId ? (
        <Typography.Text type="secondary" className="kehu-mono" copyable={{ text: event.objectId, tooltips: [t('common.copy'), t('common.copied')] }}>
          {shortId(event.objectId)}
        </Typography.Text>
      ) : null}
    </Flex>
  );

  const columns: ColumnsType<AuditEvent> = [
    { title: t('audit.columns.time'), key: 'at', render: (_v, e) => <span style={{ whiteSpace: 'nowrap' }}>{format.dateTime(e.at)}</span> },
    { title: t('audit.columns.actor'), key: 'actor', render: (_v, e) => actor(e) },
    {
      title: t('audit.columns.action'),
      key: 'action',
      render: (_v, e) => (
        <Flex vertical>
          <span>{actionLabel(e.action)}</span>
          <Typography.Text type="secondary" className="kehu-mono">
            {e.action}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('audit.columns.object'), key: 'object', render: (_v, e) => object(e) },
    {
      title: t('audit.columns.changes'),
      key: 'changes',
      render: (_v, e) => {
        const n = Object.keys(e.changes ?? {}).length;
        return n > 0 ? t('audit.changedFields', { n }) : '—';
      },
    },
    { title: t('audit.columns.ip'), key: 'ip', render: (_v, e) => e.ip ?? '—' },
    {
      title: t('audit.columns.requestId'),
      key: 'requestId',
      render: (_v, e) =>
        e.requestId ? (
          <Typography.Text className="kehu-mono" copyable={{ text: e.requestId, tooltips: [t('common.copy'), t('common.copied')] }}>
            {shortId(e.requestId)}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
  ];

  const renderCard = (event: AuditEvent) => (
    <AuditCard event={event} actionLabel={actionLabel(event.action)} objectLabel={objectLabel(event.objectType)} />
  );

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        description={t('audit.description')}
        extra={
          isPhone ? (
            <Button icon={<FilterOutlined aria-hidden />} onClick={() => setFiltersOpen((o) => !o)} aria-expanded={filtersOpen}>
              {t('audit.filtersButton', { n: activeFilters })}
            </Button>
          ) : null
        }
      />
      <Card style={{ marginBottom: 16, display: isPhone && !filtersOpen ? 'none' : undefined }}>
        <Form<FilterValues> form={form} name="audit-filter" layout="vertical" onFinish={apply}>
          <Row gutter={16}>
            {can('users:read') ? (
              <Col xs={24} sm={12} lg={6}>
                <Form.Item name="actorId" label={t('audit.filters.actor')}>
                  <UserSelect allowClear placeholder={t('audit.filters.actorPlaceholder')} />
                </Form.Item>
              </Col>
            ) : null}
            <Col xs={24} sm={12} lg={6}>
              <Form.Item name="action" label={t('audit.filters.action')}>
                <Input allowClear placeholder={t('audit.filters.actionPlaceholder')} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item name="objectType" label={t('audit.filters.objectType')}>
                <AutoComplete
                  allowClear
                  options={knownObjectTypes.map((type) => ({ value: type, label: `${objectLabel(type)} (${type})` }))}
                  placeholder={t('audit.filters.objectTypePlaceholder')}
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item name="objectId" label={t('audit.filters.objectId')}>
                <Input allowClear className="kehu-mono" />
              </Form.Item>
            </Col>
            <Col xs={24} lg={12}>
              <Form.Item name="range" label={t('audit.filters.range')}>
                <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowEmpty={[true, true]} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} lg={12}>
              <Form.Item label=" " colon={false}>
                <Flex gap={8}>
                  <Button type="primary" htmlType="submit" icon={<SearchOutlined aria-hidden />}>
                    {t('common.search')}
                  </Button>
                  <Button onClick={reset}>{t('common.reset')}</Button>
                </Flex>
              </Form.Item>
            </Col>
          </Row>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('audit.timeZoneNote', { zone: format.timeZone })}
          </Typography.Text>
        </Form>
      </Card>
      {events.isPending ? (
        <PageSkeleton />
      ) : events.isError ? (
        <ErrorState error={events.error} onRetry={() => void events.refetch()} />
      ) : (
        <DataList<AuditEvent>
          data={rows}
          rowKey={(e) => e.id}
          columns={columns}
          renderCard={renderCard}
          expandable={{ render: (e) => <Details event={e} />, isExpandable: hasDetails }}
          empty={
            activeFilters > 0 ? (
              <EmptyState description={t('audit.emptyFiltered')} action={<Button onClick={reset}>{t('common.clearFilters')}</Button>} />
            ) : (
              <EmptyState description={t('audit.empty')} />
            )
          }
          loadMore={loadMoreOf(events)}
          testId="audit-list"
        />
      )}
    </>
  );
}
