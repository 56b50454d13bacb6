// The calendar as a list (日程列表): the shown week's events day by day, the phone's default,
// where seven columns of hours do not fit. Times are the user's zone, like the grid views.
import type { CalendarEvent, Locale } from '@kehu/shared';
import { Flex, Typography } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { eventDetails, eventLink, lookIcons, lookOf, type LookColors } from './calendar-parts';

interface Props {
  events: CalendarEvent[];
  locale: Locale;
  timeZone: string;
  showOwner: boolean;
  colors: LookColors;
}

export function CalendarAgenda({ events, locale, timeZone, showOwner, colors }: Props) {
  const days = useMemo(() => {
    const dayKey = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    const groups = new Map<string, CalendarEvent[]>();
    for (const e of [...events].sort((a, b) => a.start.localeCompare(b.start))) {
      const key = dayKey.format(new Date(e.start));
      groups.set(key, [...(groups.get(key) ?? []), e]);
    }
    return [...groups.entries()];
  }, [events, timeZone]);
  const dayFmt = useMemo(() => new Intl.DateTimeFormat(locale, { timeZone, month: 'long', day: 'numeric', weekday: 'long' }), [locale, timeZone]);
  const timeFmt = useMemo(() => new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }), [locale, timeZone]);

  return (
    <Flex vertical gap={16} data-testid="calendar-agenda">
      {days.map(([day, items]) => (
        <section key={day} aria-label={dayFmt.format(new Date(items[0]!.start))}>
          <Typography.Text strong style={{ display: 'block', marginBottom: 6 }}>
            {dayFmt.format(new Date(items[0]!.start))}
          </Typography.Text>
          <Flex vertical gap={6}>
            {items.map((e) => {
              const look = lookOf(e);
              const details = eventDetails(e, showOwner);
              const time = timeFmt.format(new Date(e.start)) + (e.end ? ` – ${timeFmt.format(new Date(e.end))}` : '');
              return (
                <Link
                  key={`${e.type}:${e.id}`}
                  to={eventLink(e)}
                  data-testid="calendar-event"
                  data-event-id={e.id}
                  data-event-type={e.type}
                  style={{
                    display: 'flex',
                    gap: 10,
                    padding: '8px 10px',
                    borderRadius: 6,
                    background: colors[look].bg,
                    borderInlineStart: `3px solid ${colors[look].border}`,
                    color: colors[look].text,
                  }}
                >
                  <span style={{ color: colors[look].border }}>{lookIcons[look]}</span>
                  <span style={{ minWidth: 0, flex: 1 }}>
                    <span style={{ display: 'block', fontWeight: 500, textDecoration: look === 'taskDone' ? 'line-through' : undefined }}>
                      {e.title}
                    </span>
                    <span style={{ display: 'block', fontSize: 12, opacity: 0.75 }}>
                      {details ? `${time} · ${details}` : time}
                    </span>
                  </span>
                </Link>
              );
            })}
          </Flex>
        </section>
      ))}
    </Flex>
  );
}
