// Calendar (日历): the user's (or, for managers, the team's) tasks by due time and meetings
// and visits by their time, by month, week, day or as a list; drag one to move it, click one
// to open its customer, and subscribe to the same events from a phone's calendar app.
// The mode, scope and shown date live in the address, so "back" returns to the same week.
import type { DatesSetArg, EventClickArg, EventContentArg, EventDropArg, EventInput, LocaleSingularArg } from '@fullcalendar/core';
import zhCnLocale from '@fullcalendar/core/locales/zh-cn';
import zhTwLocale from '@fullcalendar/core/locales/zh-tw';
import dayGridPlugin from '@fullcalendar/daygrid';
import interactionPlugin, { type EventResizeDoneArg } from '@fullcalendar/interaction';
import FullCalendar from '@fullcalendar/react';
import timeGridPlugin from '@fullcalendar/timegrid';
import { LeftOutlined, MobileOutlined, RightOutlined } from '@ant-design/icons';
import type { CalendarEvent, Locale } from '@kehu/shared';
import { Alert, App, Button, Flex, Segmented, Space, Spin, theme, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useCurrentMe } from '../../api/auth';
import { useCalendarEvents, useRescheduleEvent, type CalendarRange, type CalendarView } from '../../api/calendar';
import { isApiError, VERSION_CONFLICT } from '../../api/client';
import { useCan } from '../../app/access';
import { PageHeader } from '../../components/page-header';
import { EmptyState } from '../../components/page-state';
import { useIsPhone } from '../../components/use-is-phone';
import { useFormat } from '../../i18n/format';
import { CalendarAgenda } from './calendar-agenda';
import { CalendarFeedModal } from './calendar-feed-modal';
import { eventDetails, eventLink, isClosedTask, lookIcons, lookOf, looks, useLookColors } from './calendar-parts';
import { timeZonePlugin } from './calendar-time-zone';

// The list walks the same week as the week grid, which stays mounted (hidden) to navigate.
const modes = { month: 'dayGridMonth', week: 'timeGridWeek', day: 'timeGridDay', list: 'timeGridWeek' } as const;
type Mode = keyof typeof modes;
const modeKeys = Object.keys(modes) as Mode[];
const isMode = (value: string | null): value is Mode => value !== null && value in modes;
const modeOf = (viewType: string): Mode => modeKeys.find((m) => modes[m] === viewType) ?? 'week';

// US English is built in. Times are 24-hour in every language, like the app's other dates.
const calendarLocales: Record<Locale, LocaleSingularArg> = { 'zh-CN': zhCnLocale, 'zh-TW': zhTwLocale, 'en-US': 'en' };
const plugins = [dayGridPlugin, timeGridPlugin, interactionPlugin, timeZonePlugin];
const timeFormat = { hour: '2-digit', minute: '2-digit', hour12: false } as const;
const noEvents: EventInput[] = [];

export function CalendarPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { token } = theme.useToken();
  const me = useCurrentMe();
  const can = useCan();
  const isPhone = useIsPhone();
  const format = useFormat();
  const navigate = useNavigate();
  const colors = useLookColors();
  const [params, setParams] = useSearchParams();
  const calendarRef = useRef<FullCalendar>(null);
  // Reps (record scope "own") may not see the team's calendar; the server answers 403 for them.
  const mayViewTeam = me.scopes.customers !== 'own';
  const view: CalendarView = params.get('view') === 'team' && mayViewTeam ? 'team' : 'mine';
  const requestedMode = params.get('mode');
  // A phone is too narrow for seven columns of hours: it opens on the list.
  const [mode, setMode] = useState<Mode>(() => (isMode(requestedMode) ? requestedMode : isPhone ? 'list' : 'week'));
  const [initialDate] = useState(() => params.get('date') ?? undefined);
  const [shown, setShown] = useState<{ from: string; to: string; title: string; date: string } | null>(null);
  const [feedOpen, setFeedOpen] = useState(false);
  const range: CalendarRange | null = shown ? { from: shown.from, to: shown.to, view } : null;
  const events = useCalendarEvents(range);
  const reschedule = useRescheduleEvent();
  const canWrite = can('activities:write');
  const locale: Locale = i18n.language in calendarLocales ? (i18n.language as Locale) : 'zh-CN';
  const list = events.data?.data ?? [];

  const inputs = useMemo<EventInput[]>(
    () =>
      (events.data?.data ?? []).map((e) => {
        const look = lookOf(e);
        return {
          id: `${e.type}:${e.id}`,
          title: e.title,
          start: e.start,
          end: e.type === 'activity' ? (e.end ?? undefined) : undefined,
          allDay: false,
          backgroundColor: colors[look].bg,
          borderColor: colors[look].border,
          textColor: colors[look].text,
          // A closed task keeps its due time; only open work and meetings move.
          startEditable: canWrite && !isClosedTask(e),
          durationEditable: canWrite && e.type === 'activity' && e.end !== null,
          extendedProps: { source: e },
        };
      }),
    [events.data, canWrite, colors],
  );

  const update = (change: (next: URLSearchParams) => void) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        change(next);
        return next;
      },
      { replace: true },
    );

  // datesSet runs inside FullCalendar, after a mode change but before React renders it.
  const modeRef = useRef(mode);
  const api = () => calendarRef.current?.getApi();

  // A grid that was hidden behind the list measured nothing: measure it once it shows.
  useEffect(() => {
    if (mode !== 'list') api()?.updateSize();
  }, [mode]);

  // FullCalendar reports its first dates while mounting, before the router accepts a navigation.
  const date = shown?.date;
  useEffect(() => {
    if (!date || (params.get('mode') === mode && params.get('date') === date)) return;
    update((p) => {
      p.set('mode', mode);
      p.set('date', date);
    });
  }, [mode, date, params]);

  const changeMode = (next: Mode) => {
    modeRef.current = next;
    setMode(next);
    api()?.changeView(modes[next]);
  };

  const onDatesSet = (arg: DatesSetArg) => {
    // The first day of the month, week or day itself (not of the grid's leading days), to reopen it.
    const date = dayjs(arg.view.currentStart).tz(format.timeZone).format('YYYY-MM-DD');
    const next = { from: arg.start.toISOString(), to: arg.end.toISOString(), title: arg.view.title, date };
    setShown((prev) => (prev && prev.from === next.from && prev.to === next.to && prev.title === next.title && prev.date === next.date ? prev : next));
    // A click on a day's name opens that day: follow it, but keep the list on its week.
    const nextMode = modes[modeRef.current] === arg.view.type ? modeRef.current : modeOf(arg.view.type);
    modeRef.current = nextMode;
    setMode(nextMode);
  };

  const onMove = (arg: EventDropArg | EventResizeDoneArg) => {
    const source = arg.event.extendedProps.source as CalendarEvent;
    const start = arg.event.start;
    if (!start) return arg.revert();
    const end = source.type === 'activity' && arg.event.end ? arg.event.end.toISOString() : null;
    reschedule.mutate(
      { event: source, start: start.toISOString(), end },
      {
        onSuccess: () => void message.success(t('calendar.moved', { title: source.title, time: format.dateTime(start.toISOString()) })),
        onError: (error) => {
          arg.revert();
          if (isApiError(error, VERSION_CONFLICT)) void message.warning(t('calendar.conflict'));
          else void message.error(isApiError(error) ? error.problem.title : t('errors.unknown'));
        },
      },
    );
  };

  const onClick = (arg: EventClickArg) => {
    arg.jsEvent.preventDefault();
    navigate(eventLink(arg.event.extendedProps.source as CalendarEvent));
  };

  const renderEvent = (arg: EventContentArg) => {
    const source = arg.event.extendedProps.source as CalendarEvent;
    const look = lookOf(source);
    const details = arg.view.type === modes.month ? '' : eventDetails(source, view === 'team');
    const { start, end } = arg.event;
    // A task or a short meeting is one line high in the time grid: its details follow the title.
    const short = !start || !end || end.getTime() - start.getTime() <= 45 * 60_000;
    return (
      <div
        data-testid="calendar-event"
        data-event-id={source.id}
        data-event-type={source.type}
        title={[arg.timeText, source.title, details].filter(Boolean).join(' ')}
        aria-label={`${t(`calendar.legend.${look}`)}: ${source.title}`}
        style={{
          height: '100%',
          overflow: 'hidden',
          lineHeight: 1.35,
          padding: '0 2px',
          whiteSpace: short ? 'nowrap' : undefined,
          textOverflow: short ? 'ellipsis' : undefined,
          textDecoration: look === 'taskDone' ? 'line-through' : undefined,
        }}
      >
        <span style={{ color: colors[look].border, marginInlineEnd: 4 }}>{lookIcons[look]}</span>
        {arg.timeText ? <span style={{ marginInlineEnd: 4, opacity: 0.75 }}>{arg.timeText}</span> : null}
        <span style={{ fontWeight: 500 }}>{source.title}</span>
        {details && short ? <span style={{ opacity: 0.7, marginInlineStart: 6 }}>{details}</span> : null}
        {details && !short ? <div style={{ opacity: 0.7, fontSize: 12 }}>{details}</div> : null}
      </div>
    );
  };

  const forbidden = isApiError(events.error) && events.error.status === 403 ? events.error : null;
  const empty = events.isSuccess && !events.isPlaceholderData && list.length === 0;

  const subscribe = (
    <Button icon={<MobileOutlined aria-hidden />} onClick={() => setFeedOpen(true)} data-testid="calendar-subscribe">
      {t('calendar.subscribe')}
    </Button>
  );

  return (
    <>
      <PageHeader title={t('calendar.title')} description={isPhone ? undefined : t('calendar.description')} extra={subscribe} />
      <Flex vertical gap={12}>
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Flex align="center" gap={12} wrap style={{ minWidth: 0 }}>
            <Space.Compact>
              <Button icon={<LeftOutlined aria-hidden />} aria-label={t('calendar.previous')} onClick={() => api()?.prev()} data-testid="calendar-prev" />
              <Button onClick={() => api()?.today()} data-testid="calendar-today">
                {t('calendar.today')}
              </Button>
              <Button icon={<RightOutlined aria-hidden />} aria-label={t('calendar.next')} onClick={() => api()?.next()} data-testid="calendar-next" />
            </Space.Compact>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="calendar-title">
              {shown?.title ?? ''}
            </Typography.Title>
            {events.isFetching ? <Spin size="small" aria-label={t('calendar.loading')} /> : null}
          </Flex>
          <Flex gap={8} wrap style={isPhone ? { width: '100%' } : undefined}>
            {mayViewTeam ? (
              <Segmented<CalendarView>
                aria-label={t('calendar.scopeLabel')}
                value={view}
                onChange={(next) => update((p) => (next === 'team' ? p.set('view', 'team') : p.delete('view')))}
                options={(['mine', 'team'] as const).map((v) => ({ value: v, label: t(`calendar.scopes.${v}`) }))}
                data-testid="calendar-scope"
              />
            ) : null}
            <Segmented<Mode>
              aria-label={t('calendar.modeLabel')}
              value={mode}
              onChange={changeMode}
              options={modeKeys.map((m) => ({ value: m, label: t(`calendar.modes.${m}`) }))}
              style={isPhone ? { flex: 1 } : undefined}
              block={isPhone}
              data-testid="calendar-mode"
            />
          </Flex>
        </Flex>
        <Flex gap={16} wrap align="center">
          {looks.map((look) => (
            <Space key={look} size={6}>
              <span
                aria-hidden
                style={{ display: 'inline-block', width: 12, height: 12, borderRadius: 3, background: colors[look].bg, border: `2px solid ${colors[look].border}` }}
              />
              <Typography.Text type="secondary" delete={look === 'taskDone'}>
                {t(`calendar.legend.${look}`)}
              </Typography.Text>
            </Space>
          ))}
          {canWrite && !isPhone && mode !== 'list' ? <Typography.Text type="secondary">{t('calendar.dragHint')}</Typography.Text> : null}
        </Flex>
        {forbidden ? (
          <EmptyState
            description={forbidden.problem.title}
            action={<Button onClick={() => update((p) => p.delete('view'))}>{t('calendar.backToMine')}</Button>}
          />
        ) : events.isError ? (
          <Alert
            type="error"
            showIcon
            title={isApiError(events.error) ? events.error.problem.title : t('errors.unknown')}
            action={
              <Button size="small" onClick={() => void events.refetch()}>
                {t('common.retry')}
              </Button>
            }
          />
        ) : empty ? (
          <Alert
            type="info"
            title={
              <>
                {t('calendar.empty')} <Link to="/tasks">{t('calendar.goToTasks')}</Link>
              </>
            }
            data-testid="calendar-empty"
          />
        ) : null}
        <div
          data-testid="calendar"
          data-mode={mode}
          style={{ background: token.colorBgContainer, borderRadius: token.borderRadiusLG, padding: isPhone ? 8 : 12 }}
        >
          {mode === 'list' ? <CalendarAgenda events={list} locale={locale} timeZone={format.timeZone} showOwner={view === 'team'} colors={colors} /> : null}
          <div style={mode === 'list' ? { display: 'none' } : undefined}>
            <FullCalendar
              ref={calendarRef}
              plugins={plugins}
              initialView={modes[mode]}
              initialDate={initialDate}
              headerToolbar={false}
              locale={calendarLocales[locale]}
              timeZone={format.timeZone}
              // Hidden behind the list, the grid holds no events: each shows once on the page.
              events={mode === 'list' ? noEvents : inputs}
              datesSet={onDatesSet}
              eventContent={renderEvent}
              eventClick={onClick}
              eventDrop={onMove}
              eventResize={onMove}
              editable={canWrite}
              eventDisplay="block"
              eventTimeFormat={timeFormat}
              slotLabelFormat={timeFormat}
              defaultTimedEventDuration="00:30"
              allDaySlot={false}
              nowIndicator
              scrollTime="08:00:00"
              dayMaxEvents
              navLinks
              navLinkDayClick="timeGridDay"
              height={mode === 'month' ? 'auto' : isPhone ? '70vh' : 'max(560px, calc(100vh - 300px))'}
              stickyHeaderDates
            />
          </div>
        </div>
      </Flex>
      <CalendarFeedModal open={feedOpen} onClose={() => setFeedOpen(false)} />
    </>
  );
}
