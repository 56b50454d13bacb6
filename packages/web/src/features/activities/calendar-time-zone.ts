// FullCalendar knows only the browser's zone and UTC by itself; this plugin teaches it any
// IANA zone through dayjs (already loaded with its utc and timezone plugins by format.ts),
// so the calendar shows times in the user's zone like the rest of the app.
import { createPlugin } from '@fullcalendar/core';
import { NamedTimeZoneImpl } from '@fullcalendar/core/internal';
import dayjs from 'dayjs';
import '../../i18n/format';

/** [year, month0, day, hour, minute, second, ms] — FullCalendar's wall-clock arrays. */
type WallClock = number[];

class DayjsNamedTimeZone extends NamedTimeZoneImpl {
  /** The zone's offset from UTC, in minutes, at that wall-clock time. */
  offsetForArray(a: WallClock): number {
    const [year = 1970, month = 0, day = 1, hour = 0, minute = 0, second = 0, ms = 0] = a;
    const wall = dayjs.utc(Date.UTC(year, month, day, hour, minute, second, ms)).format('YYYY-MM-DDTHH:mm:ss.SSS');
    return dayjs.tz(wall, this.timeZoneName).utcOffset();
  }

  timestampToArray(ms: number): WallClock {
    const d = dayjs(ms).tz(this.timeZoneName);
    return [d.year(), d.month(), d.date(), d.hour(), d.minute(), d.second(), d.millisecond()];
  }
}

export const timeZonePlugin = createPlugin({ name: 'kehu-time-zone', namedTimeZonedImpl: DayjsNamedTimeZone });
