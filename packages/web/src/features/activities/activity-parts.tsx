// Small pieces shared by the activity form and the timeline: the icon and colour of each
// kind of activity, and how a direction or a call's length reads.
import {
  CalendarOutlined,
  CarOutlined,
  EditOutlined,
  MailOutlined,
  MessageOutlined,
  PhoneOutlined,
  WechatOutlined,
} from '@ant-design/icons';
import { directedKinds, type ActivityKind } from '@kehu/shared';
import type { TFunction } from 'i18next';

export const kindIcons: Record<ActivityKind, typeof PhoneOutlined> = {
  call: PhoneOutlined,
  meeting: CalendarOutlined,
  visit: CarOutlined,
  email: MailOutlined,
  sms: MessageOutlined,
  wechat: WechatOutlined,
  note: EditOutlined,
};

export const kindColors: Record<ActivityKind, string> = {
  call: '#1677ff',
  meeting: '#722ed1',
  visit: '#13c2c2',
  email: '#fa8c16',
  sms: '#2f54eb',
  wechat: '#52c41a',
  note: '#8c8c8c',
};

export const isActivityKind = (value: unknown): value is ActivityKind => typeof value === 'string' && value in kindIcons;

export function KindIcon({ kind, label }: { kind: ActivityKind; label?: string }) {
  const Icon = kindIcons[kind];
  return <Icon aria-label={label} aria-hidden={label ? undefined : true} style={{ color: kindColors[kind] }} />;
}

/** A call's length as mm:ss (h:mm:ss past an hour). */
export function durationText(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

/** Calls go out and come in (呼出/呼入); messages are sent and received. */
export function directionLabel(kind: ActivityKind, direction: 'inbound' | 'outbound', t: TFunction): string {
  return kind === 'call' ? t(`activities.directions.call.${direction}`) : t(`activities.directions.message.${direction}`);
}

export const hasDirection = (kind: ActivityKind) => directedKinds.includes(kind);
