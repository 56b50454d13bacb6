// Display names and colors of the customers area's enumerations. Stages and
// industries are open lists: an unknown key shows as itself.
import {
  contactChannels,
  customerGrades,
  customerSources,
  customerStatuses,
  customerTypes,
  decisionRoles,
  defaultLifecycleStages,
  industrySections,
  type Customer,
} from '@kehu/shared';
import type { TFunction } from 'i18next';
import { translateOr } from '../../i18n';

export const stageLabel = (stage: string, t: TFunction) => translateOr(t, `customers.stages.${stage}`, stage);

export const industryLabel = (code: string, t: TFunction) => translateOr(t, `customers.industries.${code}`, code);

export const gradeColors: Record<NonNullable<Customer['grade']>, string> = { A: 'red', B: 'orange', C: 'blue', D: 'default' };

const stageColors: Record<string, string> = { prospect: 'blue', customer: 'green', repeat_customer: 'cyan', churned: 'default' };
export const stageColor = (stage: string) => stageColors[stage] ?? 'purple';

/** The option lists of every select of the area, in the user's language. */
export function customerOptions(t: TFunction, currentStage?: string) {
  const stages: string[] = [...defaultLifecycleStages];
  if (currentStage && !stages.includes(currentStage)) stages.push(currentStage);
  return {
    types: customerTypes.map((value) => ({ value, label: t(`customers.types.${value}`) })),
    grades: customerGrades.map((value) => ({ value, label: t(`customers.grades.${value}`) })),
    sources: customerSources.map((value) => ({ value, label: t(`customers.sources.${value}`) })),
    statuses: customerStatuses.map((value) => ({ value, label: t(`customers.statuses.${value}`) })),
    stages: stages.map((value) => ({ value, label: stageLabel(value, t) })),
    industries: industrySections.map((value) => ({ value, label: industryLabel(value, t) })),
    decisionRoles: decisionRoles.map((value) => ({ value, label: t(`contacts.decisionRoles.${value}`) })),
    channels: contactChannels.map((value) => ({ value, label: t(`contacts.channels.${value}`) })),
  };
}
