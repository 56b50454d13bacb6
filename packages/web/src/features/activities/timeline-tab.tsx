// The 360 page's timeline (时间线): a comment box, a filter by type, then everything that
// happened with the customer newest first — activities, tasks, comments, field changes —
// a page at a time, the next page fetched as the end of the list scrolls into view.
import { CheckSquareOutlined, CommentOutlined, FundProjectionScreenOutlined, HistoryOutlined, LockOutlined } from '@ant-design/icons';
import { type ActivityKind, type TimelineItem } from '@kehu/shared';
import { Button, Card, Flex, Segmented, Tag, Timeline, Tooltip, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useCallback, useEffect, useMemo, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { timelineTypes, useTimeline, type TimelineType } from '../../api/activities';
import { useCan } from '../../app/access';
import { ChangeList } from '../../components/change-list';
import { LoadMoreButton, loadMoreOf } from '../../components/data-list';
import { ErrorState } from '../../components/error-state';
import { EmptyState, PageSkeleton } from '../../components/page-state';
import { translateOr } from '../../i18n';
import { useFormat, type Formatter } from '../../i18n/format';
import { shownChanges, useChangeWords } from '../customers/change-words';
import type { CustomerTabProps } from '../customers/customer-tabs';
import { directionLabel, durationText, isActivityKind, KindIcon } from './activity-parts';
import { CommentBox } from './comment-box';

type Filter = 'all' | TimelineType;
const filters: Filter[] = ['all', ...timelineTypes];
const isFilter = (value: string | null): value is Filter => filters.includes(value as Filter);

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);

function ItemIcon({ item }: { item: TimelineItem }) {
  const { t } = useTranslation();
  if (item.type === 'activity' && isActivityKind(item.kind)) return <KindIcon kind={item.kind} label={t(`activities.kinds.${item.kind}`)} />;
  if (item.type === 'task') return <CheckSquareOutlined aria-label={t('activities.timeline.types.task')} style={{ color: '#fa541c' }} />;
  if (item.type === 'comment') return <CommentOutlined aria-label={t('activities.timeline.types.comment')} style={{ color: '#1677ff' }} />;
  if (item.type === 'opportunity') return <FundProjectionScreenOutlined aria-label={t('activities.timeline.types.opportunity')} style={{ color: '#722ed1' }} />;
  return <HistoryOutlined aria-label={t('activities.timeline.types.change')} style={{ color: '#8c8c8c' }} />;
}

/** What the actor did, in a few words: the activity's kind, "commented", the audit action. */
function actionOf(item: TimelineItem, t: TFunction): string {
  if (item.type === 'activity' && isActivityKind(item.kind)) return t(`activities.kinds.${item.kind}`);
  if (item.type === 'task') return t('activities.timeline.taskCreated');
  if (item.type === 'comment') return t('activities.timeline.commented');
  if ((item.type === 'change' || item.type === 'opportunity') && item.kind) return translateOr(t, `audit.actions.${item.kind}`, item.kind);
  return item.type;
}

const Detail = ({ children }: { children: ReactNode }) => <Typography.Text type="secondary">{children}</Typography.Text>;

/** The facts under an activity: direction, call length and outcome, place and time, contact. */
function ActivityDetails({ kind, meta, at, format }: { kind: ActivityKind; meta: TimelineItem['meta']; at: string; format: Formatter }) {
  const { t } = useTranslation();
  const facts: ReactNode[] = [];
  const direction = str(meta.direction);
  if (direction === 'inbound' || direction === 'outbound') facts.push(directionLabel(kind, direction, t));
  const seconds = num(meta.durationSeconds);
  if (kind === 'call' && seconds !== null) facts.push(t('activities.timeline.duration', { time: durationText(seconds) }));
  const outcome = str(meta.outcome);
  if (outcome) facts.push(t('activities.timeline.outcome', { outcome: translateOr(t, `activities.outcomes.${outcome}`, outcome) }));
  const location = str(meta.location);
  if (location) facts.push(t('activities.timeline.location', { place: location }));
  const endsAt = str(meta.endsAt);
  if (kind === 'meeting' || kind === 'visit') {
    facts.push(t('activities.timeline.when', { range: endsAt ? `${format.dateTime(at)} – ${format.dateTime(endsAt)}` : format.dateTime(at) }));
  }
  const contact = str(meta.contactName);
  if (contact) facts.push(t('activities.timeline.contact', { name: contact }));
  if (facts.length === 0) return null;
  return (
    <Flex gap="2px 12px" wrap data-testid="timeline-details">
      {facts.map((fact, index) => (
        <Detail key={index}>{fact}</Detail>
      ))}
    </Flex>
  );
}

function TimelineEntry({ item, format, words }: { item: TimelineItem; format: Formatter; words: ReturnType<typeof useChangeWords> }) {
  const { t } = useTranslation();
  const changes = item.type === 'change' ? shownChanges(item.kind, item.meta.changes) : {};
  const isPrivate = item.meta.isPrivate === true;
  const assignee = str(item.meta.assigneeName);
  const dueAt = str(item.meta.dueAt);
  return (
    <Flex vertical gap={4} data-testid="timeline-item" data-type={item.type}>
      <Flex justify="space-between" gap="2px 8px" wrap>
        <Typography.Text>
          <Typography.Text strong>{item.actorName ?? t('activities.timeline.system')}</Typography.Text> {actionOf(item, t)}
          {item.type === 'change' && item.title ? <span> · {item.title}</span> : null}
          {isPrivate ? (
            <Tooltip title={t('activities.timeline.private')}>
              <LockOutlined aria-label={t('activities.timeline.private')} style={{ marginInlineStart: 6, color: '#faad14' }} data-testid="timeline-private" />
            </Tooltip>
          ) : null}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
          <time dateTime={item.at} title={format.dateTime(item.at)}>
            {format.relative(item.at)} · {format.dateTime(item.at)}
          </time>
        </Typography.Text>
      </Flex>
      {item.type !== 'change' && item.title ? (
        <Typography.Text strong style={{ wordBreak: 'break-word' }}>
          {item.type === 'task' && item.kind ? <Tag style={{ marginInlineEnd: 6 }}>{translateOr(t, `tasks.statuses.${item.kind}`, item.kind)}</Tag> : null}
          {item.title}
        </Typography.Text>
      ) : null}
      {item.body ? (
        <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-word' }} ellipsis={{ rows: 6, expandable: 'collapsible' }}>
          {item.body}
        </Typography.Paragraph>
      ) : null}
      {item.type === 'activity' && isActivityKind(item.kind) ? <ActivityDetails kind={item.kind} meta={item.meta} at={item.at} format={format} /> : null}
      {item.type === 'task' && (assignee || dueAt) ? (
        <Flex gap="2px 12px" wrap>
          {assignee ? <Detail>{t('activities.timeline.assignee', { name: assignee })}</Detail> : null}
          {dueAt ? <Detail>{t('activities.timeline.due', { time: format.dateTime(dueAt) })}</Detail> : null}
        </Flex>
      ) : null}
      {Object.keys(changes).length > 0 ? (
        <Flex vertical gap={2} style={{ wordBreak: 'break-word' }}>
          <ChangeList changes={changes} label={(field) => words.label(item.meta.objectType, field)} value={words.value} />
        </Flex>
      ) : null}
    </Flex>
  );
}

/** Calls onVisible whenever the marker under the list scrolls into view (with some margin, so paging starts early). */
function useEndOfList(onVisible: () => void) {
  const callback = useRef(onVisible);
  useEffect(() => {
    callback.current = onVisible;
  });
  // A callback ref: the marker appears only once the first page is in, after the tab mounted.
  return useCallback((node: HTMLDivElement | null) => {
    if (!node || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) callback.current();
      },
      { rootMargin: '400px 0px' },
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, []);
}

export function TimelineTab({ customer }: CustomerTabProps) {
  const { t } = useTranslation();
  const can = useCan();
  const format = useFormat();
  const words = useChangeWords(customer);
  const [params, setParams] = useSearchParams();
  const requested = params.get('types');
  // The filter lives in the address, so a reload or a shared link shows the same stream.
  const filter: Filter = isFilter(requested) ? requested : 'all';
  const timeline = useTimeline(customer.id, filter === 'all' ? [] : [filter]);
  const items = useMemo(() => timeline.data?.pages.flatMap((page) => page.data) ?? [], [timeline.data]);
  const canWrite = can('activities:write');
  const more = loadMoreOf(timeline);
  const endMarker = useEndOfList(() => {
    if (more.hasMore && !more.loading && !timeline.isError) more.onLoadMore();
  });

  // The customer page opens the log drawer for ?log=1, so every entry point shares one drawer.
  const openLog = () =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set('log', '1');
        return next;
      },
      { replace: true, preventScrollReset: true },
    );

  const changeFilter = (next: Filter) =>
    setParams(
      (prev) => {
        const nextParams = new URLSearchParams(prev);
        if (next === 'all') nextParams.delete('types');
        else nextParams.set('types', next);
        return nextParams;
      },
      { replace: true, preventScrollReset: true },
    );

  const logFirst = canWrite ? (
    <Button type="primary" onClick={openLog} data-testid="log-first-activity">
      {t('activities.logFirst')}
    </Button>
  ) : null;
  // Every customer has at least its creation on the stream, so "nothing logged yet" means no activity in it.
  const nothingLogged = !timeline.isPending && !more.hasMore && (filter === 'all' || filter === 'activity') && !items.some((item) => item.type === 'activity');

  let stream: ReactNode;
  if (timeline.isPending) {
    stream = <PageSkeleton rows={5} />;
  } else if (timeline.isError && items.length === 0) {
    stream = (
      <Card>
        <ErrorState error={timeline.error} onRetry={() => void timeline.refetch()} />
      </Card>
    );
  } else if (items.length === 0) {
    stream = (
      <Card data-testid="timeline-empty">
        {nothingLogged ? (
          <EmptyState description={t('activities.timeline.empty')} action={logFirst} />
        ) : (
          <EmptyState
            description={t('activities.timeline.emptyFiltered')}
            action={<Button onClick={() => changeFilter('all')}>{t('activities.timeline.showAll')}</Button>}
          />
        )}
      </Card>
    );
  } else {
    stream = (
      <Card data-testid="customer-timeline">
        {nothingLogged ? (
          <div data-testid="timeline-empty" style={{ marginBottom: 16 }}>
            <EmptyState description={t('activities.timeline.empty')} action={logFirst} />
          </div>
        ) : null}
        <Timeline
          items={items.map((item) => ({
            key: `${item.type}:${item.id}`,
            icon: <ItemIcon item={item} />,
            content: <TimelineEntry item={item} format={format} words={words} />,
          }))}
        />
        <div ref={endMarker} aria-hidden />
        <LoadMoreButton {...more} />
        {timeline.isError ? <ErrorState error={timeline.error} onRetry={() => void timeline.fetchNextPage()} /> : null}
        {!more.hasMore && items.length > 20 ? (
          <Typography.Text type="secondary" style={{ display: 'block', textAlign: 'center' }}>
            {t('activities.timeline.end')}
          </Typography.Text>
        ) : null}
      </Card>
    );
  }

  return (
    <Flex vertical gap={12}>
      {canWrite ? (
        <Card size="small">
          <CommentBox object={{ type: 'customer', id: customer.id }} />
        </Card>
      ) : null}
      {/* A narrow phone scrolls the filter sideways rather than cutting its labels. */}
      <div style={{ overflowX: 'auto' }}>
        <Segmented<Filter>
          aria-label={t('activities.timeline.filter')}
          value={filter}
          onChange={changeFilter}
          options={filters.map((value) => ({ value, label: t(`activities.timeline.types.${value}`) }))}
          data-testid="timeline-filter"
        />
      </div>
      {stream}
    </Flex>
  );
}
