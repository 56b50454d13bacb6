// The one formatting helper: dates, numbers and money in the user's language
// and time zone (the user's own, else the organization's, else the browser's).
import type { Locale } from '@kehu/shared';
import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../api/auth';
import { currentLocale, isLocale } from '.';

dayjs.extend(utc);
dayjs.extend(timezone);

export interface Formatter {
  locale: Locale;
  timeZone: string;
  dateTime(iso: string | null | undefined): string;
  date(iso: string | null | undefined): string;
  relative(iso: string | null | undefined): string;
  number(value: number): string;
  /** Money is integer minor units (分/cents) plus an ISO 4217 code. */
  money(minor: number, currency: string): string;
  /** Reads a wall-clock value picked in a date picker as a time in the user's zone. */
  toIso(value: Dayjs): string;
  /** The opposite of toIso: a stored time as the user's wall clock, for a date picker. */
  fromIso(iso: string | null | undefined): Dayjs | null;
}

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

const DIVISIONS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

export function createFormatter(locale: Locale, timeZone: string): Formatter {
  const dateTimeFmt = new Intl.DateTimeFormat(locale, {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const dateFmt = new Intl.DateTimeFormat(locale, { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const numberFmt = new Intl.NumberFormat(locale);
  const relativeFmt = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });

  const parse = (iso: string | null | undefined): Date | null => {
    if (!iso) return null;
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? null : d;
  };

  return {
    locale,
    timeZone,
    dateTime: (iso) => {
      const d = parse(iso);
      return d ? dateTimeFmt.format(d) : '—';
    },
    date: (iso) => {
      const d = parse(iso);
      return d ? dateFmt.format(d) : '—';
    },
    relative: (iso) => {
      const d = parse(iso);
      if (!d) return '—';
      let amount = (d.getTime() - Date.now()) / 1000;
      for (const [unit, size] of DIVISIONS) {
        if (Math.abs(amount) < size) return relativeFmt.format(Math.round(amount), unit);
        amount /= size;
      }
      return dateTimeFmt.format(d);
    },
    number: (value) => numberFmt.format(value),
    money: (minor, currency) => {
      const fmt = new Intl.NumberFormat(locale, { style: 'currency', currency });
      const digits = fmt.resolvedOptions().maximumFractionDigits ?? 2;
      return fmt.format(minor / 10 ** digits);
    },
    toIso: (value) => dayjs.tz(value.format('YYYY-MM-DDTHH:mm:ss'), timeZone).toISOString(),
    fromIso: (iso) => {
      const d = parse(iso);
      return d ? dayjs(d).tz(timeZone) : null;
    },
  };
}

export function useFormat(): Formatter {
  const { i18n } = useTranslation();
  const me = useMe().data;
  const locale = isLocale(i18n.language) ? i18n.language : currentLocale();
  const timeZone = me?.user.timeZone ?? me?.organization.timeZone ?? browserTimeZone();
  return useMemo(() => createFormatter(locale, timeZone), [locale, timeZone]);
}
