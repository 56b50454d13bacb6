// Display names and colors of the customers area's enumerations. Stages and
// industries are the organization's own lists (see api/picklists.ts): archived
// options still name the records that carry them; an unknown key shows as itself.
import {
  defaultDisqualifyReasons,
  contactChannels,
  customerGrades,
  customerSources,
  customerStatuses,
  customerTypes,
  decisionRoles,
  defaultLifecycleStages,
  defaultLossReasons,
  defaultWinReasons,
  industrySections,
  type Customer,
  type PicklistField,
} from '@kehu/shared';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { keys } from '../../api/keys';
import { optionLabel, usePicklists, type Picklists } from '../../api/picklists';
import { queryClient } from '../../api/query-client';
import { currentLocale, translateOr } from '../../i18n';

const builtIn: Record<PicklistField, { values: readonly string[]; key: string }> = {
  stage: { values: defaultLifecycleStages, key: 'customers.stages' },
  industry: { values: industrySections, key: 'customers.industries' },
  win_reason: { values: defaultWinReasons, key: 'opportunities.winReasons' },
  loss_reason: { values: defaultLossReasons, key: 'opportunities.lossReasons' },
  disqualify_reason: { values: defaultDisqualifyReasons, key: 'leads.disqualifyReasons' },
};

/** A value's label: from the organization's list when loaded, else the built-in translation. */
function labelOf(field: PicklistField, value: string, t: TFunction, lists: Picklists | undefined): string {
  const option = lists?.[field]?.options.find((o) => o.value === value);
  return option ? optionLabel(option, currentLocale()) : translateOr(t, `${builtIn[field].key}.${value}`, value);
}

/** The choices of a list: its active options, plus the record's current value even if archived. */
function choicesOf(field: PicklistField, t: TFunction, lists: Picklists | undefined, current?: string | null) {
  const list = lists?.[field];
  const values = list ? list.options.filter((o) => !o.archived).map((o) => o.value) : [...builtIn[field].values];
  if (current && !values.includes(current)) values.push(current);
  return values.map((value) => ({ value, label: labelOf(field, value, t, lists) }));
}

export const stageLabel = (stage: string, t: TFunction, lists?: Picklists) => labelOf('stage', stage, t, lists);

export const industryLabel = (code: string, t: TFunction, lists?: Picklists) => labelOf('industry', code, t, lists);

const reasonList = (outcome: 'won' | 'lost') => (outcome === 'won' ? 'win_reason' : 'loss_reason');
/** Why an opportunity was won or lost, from the organization's reason lists. */
export const reasonLabel = (outcome: 'won' | 'lost', value: string, t: TFunction, lists?: Picklists) => labelOf(reasonList(outcome), value, t, lists);
export const reasonChoices = (outcome: 'won' | 'lost', t: TFunction, lists?: Picklists) => choicesOf(reasonList(outcome), t, lists);
/** Why a lead was disqualified, from the organization's list. */
export const disqualifyLabel = (value: string, t: TFunction, lists?: Picklists) => labelOf('disqualify_reason', value, t, lists);
export const disqualifyChoices = (t: TFunction, lists?: Picklists) => choicesOf('disqualify_reason', t, lists);

/** Labels of stages and industries that follow the organization's lists and the UI language. */
export function usePicklistLabels() {
  const { t } = useTranslation();
  const lists = usePicklists().data;
  return {
    stage: (value: string) => labelOf('stage', value, t, lists),
    industry: (value: string) => labelOf('industry', value, t, lists),
  };
}

export const gradeColors: Record<NonNullable<Customer['grade']>, string> = { A: 'red', B: 'orange', C: 'blue', D: 'default' };

const stageColors: Record<string, string> = { prospect: 'blue', customer: 'green', repeat_customer: 'cyan', churned: 'default' };
export const stageColor = (stage: string) => stageColors[stage] ?? 'purple';

/**
 * The option lists of every select of the area, in the user's language. Without `lists`
 * the organization's lists are taken from the query cache when a page has loaded them;
 * components should prefer useCustomerOptions, which loads them and re-renders.
 */
export function customerOptions(
  t: TFunction,
  currentStage?: string,
  lists: Picklists | undefined = queryClient.getQueryData<Picklists>(keys.picklists),
  currentIndustry?: string | null,
) {
  return {
    types: customerTypes.map((value) => ({ value, label: t(`customers.types.${value}`) })),
    grades: customerGrades.map((value) => ({ value, label: t(`customers.grades.${value}`) })),
    sources: customerSources.map((value) => ({ value, label: t(`customers.sources.${value}`) })),
    statuses: customerStatuses.map((value) => ({ value, label: t(`customers.statuses.${value}`) })),
    stages: choicesOf('stage', t, lists, currentStage),
    industries: choicesOf('industry', t, lists, currentIndustry),
    decisionRoles: decisionRoles.map((value) => ({ value, label: t(`contacts.decisionRoles.${value}`) })),
    channels: contactChannels.map((value) => ({ value, label: t(`contacts.channels.${value}`) })),
  };
}

/** customerOptions with the organization's stage and industry lists, loaded and kept fresh. */
export function useCustomerOptions(current?: { stage?: string; industry?: string | null }) {
  const { t } = useTranslation();
  const lists = usePicklists().data;
  return customerOptions(t, current?.stage, lists, current?.industry);
}
