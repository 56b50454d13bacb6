// IANA time zone picker, searchable, each zone labelled with its current UTC offset.
import { Select, type SelectProps } from 'antd';
import { useMemo } from 'react';

interface ZoneOption {
  value: string;
  label: string;
  offset: number;
}

let cache: ZoneOption[] | null = null;

function offsetOf(zone: string, now: Date): { text: string; minutes: number } {
  const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(now)
    .find((p) => p.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(part ?? '');
  if (!match) return { text: '+00:00', minutes: 0 };
  const [, sign = '+', hh = '00', mm = '00'] = match;
  const minutes = (Number(hh) * 60 + Number(mm)) * (sign === '-' ? -1 : 1);
  return { text: `${sign}${hh}:${mm}`, minutes };
}

function zoneOptions(): ZoneOption[] {
  if (cache) return cache;
  const now = new Date();
  const zones = new Set(Intl.supportedValuesOf('timeZone'));
  zones.add('UTC');
  cache = [...zones]
    .map((value) => {
      const { text, minutes } = offsetOf(value, now);
      return { value, label: `(UTC${text}) ${value}`, offset: minutes };
    })
    .sort((a, b) => a.offset - b.offset || a.value.localeCompare(b.value));
  return cache;
}

export function TimeZoneSelect(props: SelectProps<string>) {
  const { value } = props;
  const options = useMemo(() => {
    const all = zoneOptions();
    // Keep a stored zone visible even if this browser spells it differently (aliases).
    if (value && !all.some((o) => o.value === value)) return [{ value, label: value, offset: 0 }, ...all];
    return all;
  }, [value]);
  return (
    <Select<string>
      showSearch={{ optionFilterProp: 'label' }}
      options={options.map(({ value: v, label }) => ({ value: v, label }))}
      {...props}
    />
  );
}
