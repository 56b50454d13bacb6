// The tabs of the customer 360 page. Each area that has something to show
// about a customer (activities, opportunities, orders, tickets…) appends an
// entry here; the page builds its tabs from this list and needs no change.
// A heavy tab may pass a React.lazy component: the page renders tabs in Suspense.
import type { Customer, Permission } from '@kehu/shared';
import type { ParseKeys } from 'i18next';
import type { ComponentType } from 'react';
import { ContactsTab } from './contacts-tab';
import { HistoryTab } from './history-tab';
import { OverviewTab } from './overview-tab';
import { TimelineTab } from '../activities/timeline-tab';
import { OpportunitiesTab } from '../sales/opportunities-tab';

export interface CustomerTabProps {
  customer: Customer;
}

export interface CustomerTab {
  /** Stable: it is the ?tab= value in the page's address. */
  key: string;
  labelKey: ParseKeys;
  /** Shown only to users who hold it (customers:read, which the page needs, is implied). */
  permission?: Permission;
  component: ComponentType<CustomerTabProps>;
}

export const customerTabs: CustomerTab[] = [
  { key: 'overview', labelKey: 'customers.tabs.overview', component: OverviewTab },
  { key: 'timeline', labelKey: 'customers.tabs.timeline', component: TimelineTab },
  { key: 'contacts', labelKey: 'customers.tabs.contacts', component: ContactsTab },
  { key: 'opportunities', labelKey: 'customers.tabs.opportunities', permission: 'opportunities:read', component: OpportunitiesTab },
  { key: 'history', labelKey: 'customers.tabs.history', component: HistoryTab },
];
