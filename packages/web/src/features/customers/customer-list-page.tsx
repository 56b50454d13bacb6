// Customers: search, filter and sort the customers the user may see, page by
// page; create one. Search and filters live in the address, so "back" from a
// customer returns to the same list.
import { DeleteOutlined, DownloadOutlined, DownOutlined, FilterOutlined, PlusOutlined } from '@ant-design/icons';
import { customerSorts, CustomerListQuery, type Customer } from '@kehu/shared';
import { Button, Dropdown, Flex, Input, Select, Space, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { customerExportUrl, useCustomerCount, useCustomers } from '../../api/customers';
import type { CustomerFilter } from '../../api/keys';
import { useCan } from '../../app/access';
import { DataList, loadMoreOf } from '../../components/data-list';
import { ErrorState } from '../../components/error-state';
import { PageHeader } from '../../components/page-header';
import { EmptyState, PageSkeleton } from '../../components/page-state';
import { useIsPhone } from '../../components/use-is-phone';
import { useFormat } from '../../i18n/format';
import { BulkBar } from './bulk-bar';
import { CustomerDrawer, type CustomerDrawerMode } from './customer-form';
import type { FromList } from './customer-page';
import { FollowUp, GradeTag, PhoneLinks, placeOf, StageTag, StatusTag, TagList, TypeIcon } from './customer-parts';
import { customerOptions } from './labels';
import { OwnerSelect } from './owner-select';

type Sort = (typeof customerSorts)[number];
const sortLabels = {
  '-updatedAt': 'updatedDesc',
  updatedAt: 'updatedAsc',
  name: 'nameAsc',
  '-name': 'nameDesc',
  '-createdAt': 'createdDesc',
  createdAt: 'createdAsc',
} as const satisfies Record<Sort, string>;

const filterKeys = ['q', 'type', 'grade', 'stage', 'source', 'status', 'ownerId', 'sort'] as const;
type FilterKey = (typeof filterKeys)[number];

/** The filter in the address; a value the API would refuse is ignored. */
function readFilter(params: URLSearchParams): CustomerFilter {
  const filter: Partial<Record<FilterKey, string>> = {};
  for (const key of filterKeys) {
    const value = params.get(key);
    if (value && CustomerListQuery.shape[key].safeParse(value).success) filter[key] = value;
  }
  return filter as CustomerFilter;
}

export function CustomerListPage() {
  const { t } = useTranslation();
  const can = useCan();
  const format = useFormat();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const { search: listSearch } = useLocation();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => readFilter(params), [params]);
  const [search, setSearch] = useState(filter.q ?? '');
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [drawer, setDrawer] = useState<CustomerDrawerMode | null>(null);
  const customers = useCustomers(filter);
  const count = useCustomerCount(filter);
  const [selected, setSelected] = useState<string[]>([]);
  const canWrite = can('customers:write');
  const canDelete = can('customers:delete');
  const canExport = can('customers:export');
  const options = customerOptions(t, filter.stage);
  const rows = useMemo(() => customers.data?.pages.flatMap((page) => page.data) ?? [], [customers.data]);
  const activeFilters = filterKeys.filter((key) => key !== 'q' && key !== 'sort' && filter[key]).length;
  const filtered = activeFilters > 0 || Boolean(filter.q);
  const fromList: FromList = { listSearch };
  const selectable = canWrite && !isPhone;
  const nameOf = (customerId: string) => rows.find((c) => c.id === customerId)?.name ?? customerId;

  const setFilter = (key: FilterKey, value: string | undefined) => {
    setSelected([]);
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  };

  const clearFilters = () => {
    setSelected([]);
    setSearch('');
    setParams(filter.sort ? { sort: filter.sort } : {}, { replace: true });
  };

  const nameCell = (c: Customer) => (
    <Flex gap={8} align="flex-start">
      <span style={{ paddingTop: 2 }}>
        <TypeIcon type={c.type} />
      </span>
      <Flex vertical style={{ minWidth: 0 }}>
        <Link to={`/customers/${c.id}`} state={fromList} style={{ fontWeight: 600 }}>
          {c.name}
        </Link>
        {c.shortName ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {c.shortName}
          </Typography.Text>
        ) : null}
      </Flex>
    </Flex>
  );

  const owner = (c: Customer) => c.ownerName ?? <Typography.Text type="secondary">{t('customers.unassigned')}</Typography.Text>;

  const columns: ColumnsType<Customer> = [
    { title: t('customers.columns.name'), key: 'name', render: (_v, c) => nameCell(c), width: 240 },
    { title: t('customers.columns.grade'), key: 'grade', render: (_v, c) => <GradeTag grade={c.grade} /> },
    {
      title: t('customers.columns.stage'),
      key: 'stage',
      render: (_v, c) => (
        <Space size={0}>
          <StageTag stage={c.stage} />
          <StatusTag status={c.status} />
        </Space>
      ),
    },
    { title: t('customers.columns.owner'), key: 'owner', render: (_v, c) => owner(c) },
    { title: t('customers.columns.phone'), key: 'phone', render: (_v, c) => <PhoneLinks phones={c.phones} limit={1} /> },
    { title: t('customers.columns.location'), key: 'location', render: (_v, c) => placeOf(c) || '—' },
    { title: t('customers.columns.tags'), key: 'tags', render: (_v, c) => <TagList tags={c.tags} />, width: 150 },
    { title: t('customers.columns.nextFollowUp'), key: 'nextFollowUpAt', render: (_v, c) => <FollowUp at={c.nextFollowUpAt} /> },
    {
      title: t('customers.columns.updated'),
      key: 'updatedAt',
      render: (_v, c) => (
        <Tooltip title={format.dateTime(c.updatedAt)}>
          <span style={{ whiteSpace: 'nowrap' }}>{format.relative(c.updatedAt)}</span>
        </Tooltip>
      ),
    },
  ];

  const renderCard = (c: Customer) => (
    <Flex vertical gap={6}>
      <Flex justify="space-between" align="flex-start" gap={8}>
        {nameCell(c)}
        <Space size={0}>
          <GradeTag grade={c.grade} />
          <StageTag stage={c.stage} />
        </Space>
      </Flex>
      <Flex justify="space-between" gap={8} wrap>
        <PhoneLinks phones={c.phones} limit={1} />
        <Typography.Text type="secondary">{[placeOf(c), c.ownerName].filter(Boolean).join(' · ')}</Typography.Text>
      </Flex>
      {c.nextFollowUpAt ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('customers.followUpPrefix')}
          <FollowUp at={c.nextFollowUpAt} />
        </Typography.Text>
      ) : null}
      <TagList tags={c.tags} />
    </Flex>
  );

  // The header's button carries the test hook; the empty state's copy does not, so the hook stays unique.
  const addButton = (testId?: string) =>
    canWrite ? (
      <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setDrawer({ kind: 'create' })} data-testid={testId}>
        {t('customers.add')}
      </Button>
    ) : null;

  // A plain link: the browser downloads the file itself, the session cookie authenticates it.
  const exportLink = (format: 'csv' | 'xlsx') => (
    <a href={customerExportUrl(filter, format)} download data-testid={`export-customers-${format}`}>
      {t(`customers.export.${format}`)}
    </a>
  );
  const exportButton = canExport ? (
    <Dropdown
      trigger={['click']}
      placement="bottomRight"
      menu={{ items: [{ key: 'csv', label: exportLink('csv') }, { key: 'xlsx', label: exportLink('xlsx') }] }}
    >
      <Button
        icon={<DownloadOutlined aria-hidden />}
        aria-label={isPhone ? t('customers.export.button') : undefined}
        data-testid="export-customers"
      >
        {isPhone ? null : t('customers.export.button')}
        <DownOutlined aria-hidden style={{ fontSize: 10 }} />
      </Button>
    </Dropdown>
  ) : null;

  const empty = filtered ? (
    <EmptyState description={t('customers.emptyFiltered')} action={<Button onClick={clearFilters}>{t('common.clearFilters')}</Button>} />
  ) : (
    <EmptyState description={canWrite ? t('customers.empty') : t('customers.emptyReadOnly')} action={addButton()} />
  );

  const selectWidth = isPhone ? 'calc(50% - 4px)' : 108;
  const filterSelect = (key: 'type' | 'grade' | 'stage' | 'source' | 'status', choices: { value: string; label: string }[]) => (
    <Select<string>
      aria-label={t(`customers.filters.${key}`)}
      placeholder={t(`customers.filters.${key}`)}
      allowClear
      value={filter[key]}
      onChange={(value) => setFilter(key, value)}
      options={choices}
      style={{ width: selectWidth }}
      data-testid={`filter-${key}`}
    />
  );

  return (
    <>
      <PageHeader
        title={t('customers.title')}
        description={t('customers.description')}
        extra={
          <>
            {canDelete ? (
              <Button
                icon={<DeleteOutlined aria-hidden />}
                href="/customers/recycle-bin"
                onClick={(e) => {
                  e.preventDefault();
                  navigate('/customers/recycle-bin');
                }}
                aria-label={isPhone ? t('customers.recycleBin.title') : undefined}
                data-testid="open-recycle-bin"
              >
                {isPhone ? null : t('customers.recycleBin.title')}
              </Button>
            ) : null}
            {exportButton}
            {addButton('add-customer')}
          </>
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Input.Search
          aria-label={t('customers.search')}
          placeholder={t('customers.searchPlaceholder')}
          allowClear
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            if (!e.target.value) setFilter('q', undefined);
          }}
          onSearch={(value) => setFilter('q', value.trim() || undefined)}
          style={{ width: isPhone ? 'calc(100% - 48px)' : 240 }}
          data-testid="customer-search"
        />
        {isPhone ? (
          <Button
            icon={<FilterOutlined aria-hidden />}
            onClick={() => setFiltersOpen((open) => !open)}
            aria-expanded={filtersOpen}
            aria-label={t('common.filters', { n: activeFilters })}
            type={activeFilters > 0 ? 'primary' : 'default'}
            data-testid="toggle-filters"
          />
        ) : null}
        {!isPhone || filtersOpen ? (
          <>
            {filterSelect('type', options.types)}
            {filterSelect('grade', options.grades)}
            {filterSelect('stage', options.stages)}
            {filterSelect('source', options.sources)}
            {filterSelect('status', options.statuses)}
            <OwnerSelect
              aria-label={t('customers.filters.owner')}
              placeholder={t('customers.filters.owner')}
              allowClear
              value={filter.ownerId}
              onChange={(value?: string) => setFilter('ownerId', value)}
              style={{ width: isPhone ? 'calc(50% - 4px)' : 132 }}
              data-testid="filter-owner"
            />
            <Select<Sort>
              aria-label={t('customers.filters.sort')}
              value={filter.sort ?? '-updatedAt'}
              onChange={(value) => setFilter('sort', value === '-updatedAt' ? undefined : value)}
              options={customerSorts.map((value) => ({ value, label: t(`customers.sorts.${sortLabels[value]}`) }))}
              style={{ width: isPhone ? '100%' : 150, marginInlineStart: isPhone ? 0 : 'auto' }}
              data-testid="customer-sort"
            />
          </>
        ) : null}
      </Flex>
      {count.data ? (
        <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }} data-testid="customer-count">
          {t('customers.count', { count: count.data.count })}
        </Typography.Text>
      ) : null}
      {selectable && selected.length > 0 ? (
        <BulkBar ids={selected} nameOf={nameOf} canDelete={canDelete} onDone={() => setSelected([])} />
      ) : null}
      {customers.isPending ? (
        <PageSkeleton />
      ) : customers.isError ? (
        <ErrorState error={customers.error} onRetry={() => void customers.refetch()} />
      ) : (
        <DataList<Customer>
          data={rows}
          rowKey={(c) => c.id}
          columns={columns}
          renderCard={renderCard}
          empty={empty}
          loadMore={loadMoreOf(customers)}
          selection={selectable ? { keys: selected, onChange: setSelected } : undefined}
          testId="customers-list"
        />
      )}
      <CustomerDrawer
        mode={drawer}
        onClose={() => setDrawer(null)}
        onSaved={(customer, mode) => {
          if (mode.kind === 'create') navigate(`/customers/${customer.id}`, { state: fromList });
        }}
      />
    </>
  );
}
