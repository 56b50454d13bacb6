// Shared Zod schemas as antd form rules, with messages in the user's language.
import type { Rule } from 'antd/es/form';
import type { TFunction } from 'i18next';
import type { z } from 'zod';

const customMessages: Record<string, 'passwordLetter' | 'passwordDigit' | 'phone' | 'timeZone' | 'currency' | 'creditCode'> = {
  'password.letter_required': 'passwordLetter',
  'password.digit_required': 'passwordDigit',
  'phone.invalid': 'phone',
  'credit_code.invalid': 'creditCode',
  time_zone: 'timeZone',
  currency: 'currency',
};

export function issueMessage(issue: z.core.$ZodIssue, t: TFunction): string {
  const custom = customMessages[issue.message];
  if (custom) return t(`validation.${custom}`);
  switch (issue.code) {
    case 'invalid_type':
      return t('validation.required');
    case 'too_small':
      if (issue.origin === 'array' || issue.origin === 'set') {
        return t('validation.selectAtLeast', { min: Number(issue.minimum) });
      }
      if (issue.origin === 'string') {
        return Number(issue.minimum) <= 1
          ? t('validation.required')
          : t('validation.tooShort', { min: Number(issue.minimum) });
      }
      return t('validation.invalid');
    case 'too_big':
      if (issue.origin === 'array' || issue.origin === 'set') {
        return t('validation.selectAtMost', { max: Number(issue.maximum) });
      }
      return issue.origin === 'string'
        ? t('validation.tooLong', { max: Number(issue.maximum) })
        : t('validation.invalid');
    case 'invalid_format':
      return issue.format === 'email' ? t('validation.email') : t('validation.invalid');
    default:
      return t('validation.invalid');
  }
}

/** An antd rule that validates a field with (a piece of) a shared schema. */
export function zodRule(schema: z.ZodType, t: TFunction): Rule {
  return {
    validator: async (_rule, value: unknown) => {
      const input = value === '' ? undefined : value;
      const result = schema.safeParse(input);
      if (!result.success) {
        const [first] = result.error.issues;
        throw new Error(first ? issueMessage(first, t) : t('validation.invalid'));
      }
    },
  };
}

/** A plain "required" rule for selects and fields whose schema is enforced elsewhere. */
export function requiredRule(t: TFunction): Rule {
  return { required: true, message: t('validation.required') };
}
