// Language picker for forms (the user's or the organization's language).
import { locales, type Locale } from '@kehu/shared';
import { Select, type SelectProps } from 'antd';
import { localeNames } from '../i18n';

const options = locales.map((value) => ({ value, label: localeNames[value] }));

export function LocaleSelect(props: SelectProps<Locale>) {
  return <Select<Locale> options={options} {...props} />;
}
