// What the calendar's views share: how an event looks (its kind's color and icon) and
// what clicking it opens.
import { CarryOutOutlined, EnvironmentOutlined, TeamOutlined } from '@ant-design/icons';
import type { CalendarEvent } from '@kehu/shared';
import { theme } from 'antd';
import { useMemo, type ReactNode } from 'react';

export type Look = 'task' | 'taskDone' | 'meeting' | 'visit';
export const looks: Look[] = ['task', 'taskDone', 'meeting', 'visit'];

export const isClosedTask = (e: CalendarEvent) => e.type === 'task' && (e.kind === 'done' || e.kind === 'cancelled');

export const lookOf = (e: CalendarEvent): Look =>
  e.type === 'task' ? (isClosedTask(e) ? 'taskDone' : 'task') : e.kind === 'visit' ? 'visit' : 'meeting';

// Each kind has an icon as well as a color, so the kinds differ without seeing colors.
export const lookIcons: Record<Look, ReactNode> = {
  task: <CarryOutOutlined aria-hidden />,
  taskDone: <CarryOutOutlined aria-hidden />,
  meeting: <TeamOutlined aria-hidden />,
  visit: <EnvironmentOutlined aria-hidden />,
};

export type LookColors = Record<Look, { bg: string; border: string; text: string }>;

export function useLookColors(): LookColors {
  const { token } = theme.useToken();
  return useMemo(
    () => ({
      task: { bg: token.colorPrimaryBg, border: token.colorPrimary, text: token.colorText },
      taskDone: { bg: token.colorFillTertiary, border: token.colorBorder, text: token.colorTextTertiary },
      meeting: { bg: token.colorSuccessBg, border: token.colorSuccess, text: token.colorText },
      visit: { bg: token.colorWarningBg, border: token.colorWarning, text: token.colorText },
    }),
    [token],
  );
}

/** The customer's timeline, or for a task of no customer the task itself. */
export const eventLink = (e: CalendarEvent): string =>
  e.customerId ? `/customers/${e.customerId}?tab=timeline` : `/tasks?open=${encodeURIComponent(e.id)}`;

/** Who and for whom, after the title: the customer (unless it is the title) and, in the team view, the owner. */
export const eventDetails = (e: CalendarEvent, showOwner: boolean): string =>
  [e.customerName !== e.title ? e.customerName : null, showOwner ? e.ownerName : null].filter(Boolean).join(' · ');
