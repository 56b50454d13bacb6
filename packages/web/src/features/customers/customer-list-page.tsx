// Customers: search, filter (quick filters and any conditions) and sort the customers the
// user may see, page by page, as a table with chosen columns or a kanban by stage; keep a
// setup as a saved view; export it; create one. Everything but the columns lives in the
// address, so a link, a reload or "back" from a customer returns to the same list.
import { AppstoreOutlined, DeleteOutlined, FilterOutlined, PlusOutlined, UnorderedListOutlined, UploadOutlined } from '@ant-design/icons';
import { customerSorts, CustomerListQuery, type Customer, type SavedView } from '@kehu/shared';
import { Button, Flex, Input, Segmented, Select, Space, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { useCurrentMe } from '../../api/auth';
import { useCustomerCount, useCustomers } from '../../api/customers';
import type { CustomerFilter } from '../../api/keys';
import { useCustomerFields } from '../../api/list-views';
import { useCan } from '../../app/access';
import { DataList, loadMoreOf } from '../../components/data-list';
import { ErrorState } from '../../components/error-state';
import { PageHeader } from '../../components/page-header';
import { EmptyState, PageSkeleton } from '../../components/page-state';
import { useIsPhone } from '../../components/use-is-phone';
import { useFormat } from '../../i18n/format';
import { BulkBar } from './bulk-bar';
import { ColumnChooser, storeColumns, storedColumns } from './column-chooser';
import { CustomerDrawer, type CustomerDrawerMode } from './customer-form';
import type { FromList } from './customer-page';
import { FollowUp, GradeTag, PhoneLinks, placeOf, StageTag, StatusTag, TagList, TypeIcon } from './customer-parts';
import { ExportButton } from './export-button';
import { ConditionChips, FilterButton } from './filter-builder';
import { useCustomerOptions, usePicklistLabels } from './labels';
import { builtInColumns, customLabel, exportColumnsOf, listFields, parseConditions, renderCustomValue, type Condition } from './list-fields';
import { OwnerSelect } from './owner-select';
import { StageBoard } from './stage-board';
import { filterOfView, ViewSwitcher } from './view-switcher';

type BuiltInSort = (typeof customerSorts)[number];
const sortLabels = {
  '-updatedAt': 'updatedDesc',
  updatedAt: 'updatedAsc',
  name: 'nameAsc',
  '-name': 'nameDesc',
  '-createdAt': 'createdDesc',
  createdAt: 'createdAsc',
} as const satisfies Record<BuiltInSort, string>;

const filterKeys = ['q', 'type', 'grade', 'stage', 'source', 'status', 'ownerId', 'sort'] as const;
type FilterKey = (typeof filterKeys)[number] | 'where';

/** The filter in the address; a value the API would refuse is ignored. */
function readFilter(params: URLSearchParams): CustomerFilter {
  const filter: Partial<Record<FilterKey, string>> = {};
  for (const key of filterKeys) {
    const value = params.get(key);
    if (value && CustomerListQuery.shape[key].safeParse(value).success) filter[key] = value;
  }
  const where = parseConditions(params.get('where') ?? undefined);
  if (where.length) filter.where = JSON.stringify(where);
  return filter as CustomerFilter;
}

/** Custom field types a list can be ordered by. */
const sortableTypes = new Set(['text', 'number', 'money', 'date', 'select', 'boolean', 'url', 'phone', 'email']);

export function CustomerListPage() {
  const { t } = useTranslation();
  const can = useCan();
  const me = useCurrentMe();
  const format = useFormat();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const { search: listSearch } = useLocation();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => readFilter(params), [params]);
  const conditions = useMemo(() => parseConditions(filter.where), [filter.where]);
  const viewId = params.get('view') ?? undefined;
  const mode = params.get('mode') === 'kanban' ? 'kanban' : 'list';
  const [search, setSearch] = useState(filter.q ?? '');
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [drawer, setDrawer] = useState<CustomerDrawerMode | null>(null);
  const [columns, setColumnsState] = useState(() => storedColumns(me.user.id));
  const customers = useCustomers(filter);
  const count = useCustomerCount(filter);
  const customFields = useCustomerFields().data ?? [];
  const labels = usePicklistLabels();
  const [selected, setSelected] = useState<string[]>([]);
  const canWrite = can('customers:write');
  const canDelete = can('customers:delete');
  const canExport = can('customers:export');
  const options = useCustomerOptions({ stage: filter.stage });
  const boardStages = useCustomerOptions().stages;
  const fields = useMemo(() => listFields(t, options, customFields), [t, options, customFields]);
  const rows = useMemo(() => customers.data?.pages.flatMap((page) => page.data) ?? [], [customers.data]);
  const activeFilters = filterKeys.filter((key) => key !== 'q' && key !== 'sort' && filter[key]).length;
  const filtered = activeFilters > 0 || Boolean(filter.q) || conditions.length > 0;
  const fromList: FromList = { listSearch };
  const selectable = canWrite && !isPhone && mode === 'list';
  const nameOf = (customerId: string) => rows.find((c) => c.id === customerId)?.name ?? customerId;
  const userName = (userId: string) =>
    userId === me.user.id ? me.user.name : (rows.find((c) => c.ownerId === userId)?.ownerName ?? undefined);

  const setColumns = (next: string[]) => {
    setColumnsState(next);
    storeColumns(me.user.id, next);
  };

  const update = (change: (next: URLSearchParams) => void) => {
    setSelected([]);
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        change(next);
        return next;
      },
      { replace: true },
    );
  };

  const setFilter = (key: FilterKey, value: string | undefined) =>
    update((next) => {
      if (value) next.set(key, value);
      else next.delete(key);
    });

  const setConditions = (next: Condition[]) => setFilter('where', next.length ? JSON.stringify(next) : undefined);

  const setMode = (next: 'list' | 'kanban') => setFilter('mode' as FilterKey, next === 'kanban' ? 'kanban' : undefined);

  const clearFilters = () => {
    setSelected([]);
    setSearch('');
    const next: Record<string, string> = {};
    if (filter.sort) next.sort = filter.sort;
    if (mode === 'kanban') next.mode = 'kanban';
    setParams(next, { replace: true });
  };

  /** A view replaces the filters, conditions and sort, and brings its columns when it has some. */
  const applyView = (view: SavedView | null) => {
    setSelected([]);
    const next = new URLSearchParams();
    if (view) {
      for (const [key, value] of Object.entries(filterOfView(view))) if (value) next.set(key, String(value));
      next.set('view', view.id);
      if (view.columns.length) setColumns(view.columns);
    }
    if (mode === 'kanban') next.set('mode', 'kanban');
    setSearch(next.get('q') ?? '');
    setParams(next, { replace: true });
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
  const dash = <Typography.Text type="secondary">—</Typography.Text>;
  const time = (iso: string) => (
    <Tooltip title={format.dateTime(iso)}>
      <span style={{ whiteSpace: 'nowrap' }}>{format.relative(iso)}</span>
    </Tooltip>
  );

  /** Built-in columns by the names the export and saved views use. */
  const builtIn: Record<(typeof builtInColumns)[number], { title: string; render: (c: Customer) => ReactNode; width?: number }> = {
    name: { title: t('customers.columns.name'), render: nameCell, width: 240 },
    grade: { title: t('customers.columns.grade'), render: (c) => <GradeTag grade={c.grade} /> },
    stage: {
      title: t('customers.columns.stage'),
      render: (c) => (
        <Space size={0}>
          <StageTag stage={c.stage} />
          <StatusTag status={c.status} />
        </Space>
      ),
    },
    ownerName: { title: t('customers.columns.owner'), render: owner },
    phones: { title: t('customers.columns.phone'), render: (c) => <PhoneLinks phones={c.phones} limit={1} /> },
    province: { title: t('customers.columns.location'), render: (c) => placeOf(c) || dash },
    tags: { title: t('customers.columns.tags'), render: (c) => <TagList tags={c.tags} />, width: 150 },
    nextFollowUpAt: { title: t('customers.columns.nextFollowUp'), render: (c) => <FollowUp at={c.nextFollowUpAt} /> },
    updatedAt: { title: t('customers.columns.updated'), render: (c) => time(c.updatedAt) },
    type: { title: t('customers.fields.type'), render: (c) => t(`customers.types.${c.type}`) },
    shortName: { title: t('customers.fields.shortName'), render: (c) => c.shortName ?? dash },
    status: { title: t('customers.fields.status'), render: (c) => t(`customers.statuses.${c.status}`) },
    source: { title: t('customers.fields.source'), render: (c) => (c.source ? t(`customers.sources.${c.source}`) : dash) },
    industry: { title: t('customers.fields.industry'), render: (c) => (c.industry ? labels.industry(c.industry) : dash) },
    emails: { title: t('customers.fields.emails'), render: (c) => c.emails[0] ?? dash },
    website: { title: t('customers.fields.website'), render: (c) => c.website ?? dash },
    wechat: { title: t('customers.fields.wechat'), render: (c) => c.wechat ?? dash },
    creditCode: { title: t('customers.fields.creditCode'), render: (c) => c.creditCode ?? dash },
    createdAt: { title: t('customers.fields.createdAt'), render: (c) => time(c.createdAt) },
  };
  const isBuiltIn = (key: string): key is keyof typeof builtIn => key in builtIn;

  const sortKey = filter.sort ?? '-updatedAt';
  const orderOf = (key: string): 'ascend' | 'descend' | null => (sortKey === key ? 'ascend' : sortKey === `-${key}` ? 'descend' : null);
  const headerSortable = new Set(['name', 'updatedAt', 'createdAt', ...customFields.filter((f) => sortableTypes.has(f.type)).map((f) => `custom.${f.key}`)]);

  const columnChoices = [
    ...builtInColumns.map((key) => ({ key, label: builtIn[key].title })),
    ...customFields.map((f) => ({ key: `custom.${f.key}`, label: customLabel(f) })),
  ];
  const visibleColumns = columns.filter((key) => columnChoices.some((c) => c.key === key));
  if (!visibleColumns.includes('name')) visibleColumns.unshift('name');

  const tableColumns: ColumnsType<Customer> = visibleColumns.map((key) => {
    const sortable = headerSortable.has(key) ? { sorter: true, sortOrder: orderOf(key), sortDirections: ['ascend', 'descend', 'ascend'] as ('ascend' | 'descend')[] } : {};
    if (isBuiltIn(key)) {
      const col = builtIn[key];
      return { title: col.title, key, render: (_v, c) => col.render(c), width: col.width, ...sortable };
    }
    const field = customFields.find((f) => `custom.${f.key}` === key)!;
    const numeric = field.type === 'number' || field.type === 'money';
    return { title: customLabel(field), key, align: numeric ? 'right' : undefined, render: (_v, c) => renderCustomValue(field, c, t, format), ...sortable };
  });

  const onSort = (key: string, order: 'ascend' | 'descend' | null) => {
    const next = order === null ? undefined : order === 'descend' ? `-${key}` : key;
    setFilter('sort', next === '-updatedAt' ? undefined : next);
  };

  const sortOptions = [
    ...customerSorts.map((value) => ({ value: value as string, label: t(`customers.sorts.${sortLabels[value]}`) })),
    ...customFields
      .filter((f) => sortableTypes.has(f.type))
      .flatMap((f) => [
        { value: `-custom.${f.key}`, label: t('customers.sorts.customDesc', { name: customLabel(f) }) },
        { value: `custom.${f.key}`, label: t('customers.sorts.customAsc', { name: customLabel(f) }) },
      ]),
  ];

  const sortSelect = (
    <Select<string>
      aria-label={t('customers.filters.sort')}
      value={sortKey}
      onChange={(value) => setFilter('sort', value === '-updatedAt' ? undefined : value)}
      options={sortOptions}
      popupMatchSelectWidth={false}
      style={{ width: isPhone ? '100%' : 176 }}
      data-testid="customer-sort"
    />
  );

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
            {canWrite ? (
              <Button
                icon={<UploadOutlined aria-hidden />}
                href="/customers/import"
                onClick={(e) => {
                  e.preventDefault();
                  navigate('/customers/import');
                }}
                aria-label={isPhone ? t('imports.button') : undefined}
                data-testid="import-customers"
              >
                {isPhone ? null : t('imports.button')}
              </Button>
            ) : null}
            {canExport ? <ExportButton filter={filter} columns={exportColumnsOf(visibleColumns)} total={count.data?.count} /> : null}
            {addButton('add-customer')}
          </>
        }
      />
      <Flex gap={8} wrap align="center" justify="space-between" style={{ marginBottom: 12 }}>
        <ViewSwitcher viewId={viewId} filter={filter} columns={visibleColumns} onApply={applyView} />
        <Flex gap={8} align="center">
          <Segmented<'list' | 'kanban'>
            value={mode}
            onChange={setMode}
            options={[
              { value: 'list', label: isPhone ? undefined : t('customers.modes.list'), icon: <UnorderedListOutlined aria-hidden />, title: t('customers.modes.list') },
              { value: 'kanban', label: isPhone ? undefined : t('customers.modes.kanban'), icon: <AppstoreOutlined aria-hidden />, title: t('customers.modes.kanban') },
            ]}
            data-testid="list-mode"
          />
          {isPhone ? null : sortSelect}
          {mode === 'list' && !isPhone ? <ColumnChooser choices={columnChoices} value={visibleColumns} onChange={setColumns} /> : null}
        </Flex>
      </Flex>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
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
            <FilterButton fields={fields} conditions={conditions} onChange={setConditions} />
            {filterSelect('type', options.types)}
            {filterSelect('grade', options.grades)}
            {mode === 'list' ? filterSelect('stage', options.stages) : null}
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
            {isPhone ? sortSelect : null}
          </>
        ) : null}
      </Flex>
      <ConditionChips fields={fields} conditions={conditions} onChange={setConditions} userName={userName} />
      {count.data ? (
        <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }} data-testid="customer-count">
          {t('customers.count', { count: count.data.count })}
        </Typography.Text>
      ) : null}
      {selectable && selected.length > 0 ? (
        <BulkBar ids={selected} nameOf={nameOf} canDelete={canDelete} onDone={() => setSelected([])} />
      ) : null}
      {mode === 'kanban' ? (
        <StageBoard filter={{ ...filter, stage: undefined }} stages={boardStages} canWrite={canWrite} listSearch={listSearch} />
      ) : customers.isPending ? (
        <PageSkeleton />
      ) : customers.isError ? (
        <ErrorState error={customers.error} onRetry={() => void customers.refetch()} />
      ) : (
        <DataList<Customer>
          data={rows}
          rowKey={(c) => c.id}
          columns={tableColumns}
          renderCard={renderCard}
          empty={empty}
          loadMore={loadMoreOf(customers)}
          selection={selectable ? { keys: selected, onChange: setSelected } : undefined}
          onSort={onSort}
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
