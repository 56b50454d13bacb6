// The kanban (看板) by lifecycle stage: one column per active stage with its count and
// customers, more loading as the column scrolls; a card dropped on another column (or
// moved from its menu, on phones) changes the customer's stage.
import { MoreOutlined } from '@ant-design/icons';
import type { Customer } from '@kehu/shared';
import { App, Button, Card, Dropdown, Empty, Flex, Skeleton, Spin, Tag, Typography } from 'antd';
import { useState, type UIEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError, VERSION_CONFLICT } from '../../api/client';
import { useCustomerCount, useUpdateCustomer } from '../../api/customers';
import type { CustomerFilter } from '../../api/keys';
import { useStageColumn } from '../../api/list-views';
import { useDropColumn } from '../../components/use-drop-column';
import { useFormat } from '../../i18n/format';
import { FollowUp, GradeTag } from './customer-parts';
import { stageColor } from './labels';

const DRAG_TYPE = 'application/x-kehu-customer';

interface BoardProps {
  filter: CustomerFilter;
  stages: { value: string; label: string }[];
  canWrite: boolean;
  listSearch: string;
}

export function StageBoard({ filter, stages, canWrite, listSearch }: BoardProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const update = useUpdateCustomer();
  const [dragging, setDragging] = useState<Customer | null>(null);

  const move = async (customer: Customer, stage: string) => {
    if (customer.stage === stage) return;
    const label = stages.find((s) => s.value === stage)?.label ?? stage;
    try {
      await update.mutateAsync({ customerId: customer.id, body: { stage, version: customer.version } });
      void message.success(t('customers.kanban.moved', { name: customer.name, stage: label }));
    } catch (error) {
      // The board reloads either way (the write invalidates every list), so a stale card is replaced.
      if (isApiError(error, VERSION_CONFLICT)) void message.warning(t('customers.kanban.conflict', { name: customer.name }));
      else void message.error(isApiError(error) ? error.problem.title : t('errors.unknown'));
    }
  };

  return (
    <div style={{ overflowX: 'auto', paddingBottom: 8, marginInline: -4 }} data-testid="customer-kanban">
      <Flex gap={12} align="flex-start" style={{ minWidth: 'min-content', paddingInline: 4 }}>
        {stages.map((stage) => (
          <StageColumn
            key={stage.value}
            stage={stage}
            stages={stages}
            filter={filter}
            canWrite={canWrite}
            listSearch={listSearch}
            dragging={dragging}
            onDragStart={setDragging}
            onMove={(customer, to) => void move(customer, to)}
          />
        ))}
      </Flex>
    </div>
  );
}

interface ColumnProps {
  stage: { value: string; label: string };
  stages: { value: string; label: string }[];
  filter: CustomerFilter;
  canWrite: boolean;
  listSearch: string;
  dragging: Customer | null;
  onDragStart: (customer: Customer | null) => void;
  onMove: (customer: Customer, stage: string) => void;
}

function StageColumn({ stage, stages, filter, canWrite, listSearch, dragging, onDragStart, onMove }: ColumnProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const columnFilter = { ...filter, stage: stage.value };
  const customers = useStageColumn(columnFilter);
  const count = useCustomerCount(columnFilter);
  const rows = customers.data?.pages.flatMap((page) => page.data) ?? [];
  const droppable = canWrite && dragging !== null && dragging.stage !== stage.value;

  const onScroll = (e: UIEvent<HTMLDivElement>) => {
    const el = e.currentTarget;
    if (el.scrollHeight - el.scrollTop - el.clientHeight < 120 && customers.hasNextPage && !customers.isFetchingNextPage) {
      void customers.fetchNextPage();
    }
  };

  const { style: dropStyle, ...drop } = useDropColumn(droppable, () => {
    if (dragging && droppable) onMove(dragging, stage.value);
    onDragStart(null);
  }, '#f5f6f8');

  return (
    <section
      aria-label={stage.label}
      data-testid={`kanban-column-${stage.value}`}
      {...drop}
      style={{ width: 272, flex: '0 0 272px', ...dropStyle }}
    >
      <Flex justify="space-between" align="center" style={{ padding: '4px 6px 10px' }}>
        <Flex align="center" gap={8}>
          <Tag color={stageColor(stage.value)} style={{ marginInlineEnd: 0, fontWeight: 600 }}>
            {stage.label}
          </Tag>
        </Flex>
        <Typography.Text type="secondary" data-testid="kanban-count">
          {count.data ? t('customers.kanban.count', { n: format.number(count.data.count) }) : ''}
        </Typography.Text>
      </Flex>
      <div style={{ maxHeight: 'calc(100vh - 330px)', minHeight: 120, overflowY: 'auto', paddingInline: 2 }} onScroll={onScroll}>
        {customers.isPending ? (
          <Skeleton active paragraph={{ rows: 3 }} />
        ) : rows.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.kanban.empty')} style={{ marginBlock: 24 }} />
        ) : (
          <Flex vertical gap={8}>
            {rows.map((c) => (
              <StageCard
                key={c.id}
                customer={c}
                stages={stages}
                canWrite={canWrite}
                listSearch={listSearch}
                onDragStart={onDragStart}
                onMove={onMove}
              />
            ))}
          </Flex>
        )}
        {customers.isFetchingNextPage ? (
          <Flex justify="center" style={{ padding: 8 }}>
            <Spin size="small" />
          </Flex>
        ) : customers.hasNextPage ? (
          <Button type="link" block size="small" onClick={() => void customers.fetchNextPage()}>
            {t('common.loadMore')}
          </Button>
        ) : null}
      </div>
    </section>
  );
}

interface CardProps {
  customer: Customer;
  stages: { value: string; label: string }[];
  canWrite: boolean;
  listSearch: string;
  onDragStart: (customer: Customer | null) => void;
  onMove: (customer: Customer, stage: string) => void;
}

function StageCard({ customer: c, stages, canWrite, listSearch, onDragStart, onMove }: CardProps) {
  const { t } = useTranslation();
  const others = stages.filter((s) => s.value !== c.stage);
  return (
    <Card
      size="small"
      draggable={canWrite}
      onDragStart={(e) => {
        e.dataTransfer.setData(DRAG_TYPE, c.id);
        e.dataTransfer.effectAllowed = 'move';
        onDragStart(c);
      }}
      onDragEnd={() => onDragStart(null)}
      style={{ cursor: canWrite ? 'grab' : undefined, boxShadow: '0 1px 2px rgba(0,0,0,0.06)' }}
      styles={{ body: { padding: '10px 12px' } }}
      data-testid="kanban-card"
    >
      <Flex justify="space-between" align="flex-start" gap={6}>
        <Link to={`/customers/${c.id}`} state={{ listSearch }} style={{ fontWeight: 600, lineHeight: 1.4 }} draggable={false}>
          {c.name}
        </Link>
        {canWrite && others.length ? (
          <Dropdown
            trigger={['click']}
            menu={{
              items: others.map((s) => ({ key: s.value, label: t('customers.kanban.moveTo', { stage: s.label }) })),
              onClick: ({ key }) => onMove(c, key),
            }}
          >
            <Button type="text" size="small" icon={<MoreOutlined aria-hidden />} aria-label={t('customers.kanban.move', { name: c.name })} />
          </Dropdown>
        ) : null}
      </Flex>
      <Flex justify="space-between" align="center" gap={6} style={{ marginTop: 6 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {c.ownerName ?? t('customers.unassigned')}
        </Typography.Text>
        <GradeTag grade={c.grade} />
      </Flex>
      {c.nextFollowUpAt ? (
        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 4 }}>
          {t('customers.followUpPrefix')}
          <FollowUp at={c.nextFollowUpAt} />
        </Typography.Text>
      ) : null}
    </Card>
  );
}
