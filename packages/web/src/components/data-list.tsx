// A list that is a table on wide screens and a stack of cards on phones, with
// keyset "load more" paging underneath.
import { Button, Card, Flex, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from './use-is-phone';

export interface LoadMore {
  hasMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
}

/** LoadMore wired to an infinite query's next page. */
export function loadMoreOf(query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> }): LoadMore {
  return { hasMore: query.hasNextPage, loading: query.isFetchingNextPage, onLoadMore: () => void query.fetchNextPage() };
}

/** The "load more" button under a keyset-paged list; nothing once the last page is in. */
export function LoadMoreButton({ hasMore, loading, onLoadMore }: LoadMore) {
  const { t } = useTranslation();
  if (!hasMore) return null;
  return (
    <Flex justify="center" style={{ marginTop: 16 }}>
      <Button onClick={onLoadMore} loading={loading} data-testid="load-more">
        {t('common.loadMore')}
      </Button>
    </Flex>
  );
}

interface DataListProps<T> {
  data: T[];
  rowKey: (row: T) => string;
  columns: ColumnsType<T>;
  renderCard: (row: T) => ReactNode;
  empty: ReactNode;
  loadMore?: LoadMore;
  expandable?: {
    render: (row: T) => ReactNode;
    isExpandable: (row: T) => boolean;
  };
  /** Checkbox rows on wide screens; phones show no selection. */
  selection?: {
    keys: string[];
    onChange: (keys: string[]) => void;
  };
  /** A sortable column's header was clicked: its key and the new order (none when cleared). */
  onSort?: (columnKey: string, order: 'ascend' | 'descend' | null) => void;
  testId?: string;
}

export function DataList<T extends object>({
  data,
  rowKey,
  columns,
  renderCard,
  empty,
  loadMore,
  expandable,
  selection,
  onSort,
  testId,
}: DataListProps<T>) {
  const isPhone = useIsPhone();
  const more = loadMore ? <LoadMoreButton {...loadMore} /> : null;

  if (isPhone) {
    if (data.length === 0) return <Card data-testid={testId}>{empty}</Card>;
    return (
      <div data-testid={testId}>
        <Flex vertical gap={12}>
          {data.map((row) => (
            <Card key={rowKey(row)} size="small">
              {renderCard(row)}
            </Card>
          ))}
        </Flex>
        {more}
      </div>
    );
  }

  return (
    <Card styles={{ body: { padding: 0 } }} data-testid={testId}>
      <Table<T>
        rowKey={rowKey}
        columns={columns}
        dataSource={data}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: empty }}
        onChange={(_pagination, _filters, sorter, extra) => {
          if (!onSort || extra.action !== 'sort' || Array.isArray(sorter)) return;
          onSort(String(sorter.columnKey), sorter.order ?? null);
        }}
        rowSelection={
          selection
            ? {
                selectedRowKeys: selection.keys,
                onChange: (selected) => selection.onChange(selected.map(String)),
                preserveSelectedRowKeys: false,
              }
            : undefined
        }
        expandable={
          expandable
            ? { expandedRowRender: expandable.render, rowExpandable: expandable.isExpandable }
            : undefined
        }
      />
      {loadMore?.hasMore ? <div style={{ paddingBottom: 16 }}>{more}</div> : null}
    </Card>
  );
}
