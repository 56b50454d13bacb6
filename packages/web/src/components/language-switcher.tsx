// The language switch on pages shown before sign-in; the choice is kept on this device.
import { locales, type Locale } from '@kehu/shared';
import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { changeLocale, currentLocale, localeNames } from '../i18n';

export function LanguageSwitcher() {
  const { t } = useTranslation();
  return (
    <Segmented<Locale>
      aria-label={t('common.language')}
      value={currentLocale()}
      onChange={(value) => void changeLocale(value, { remember: true })}
      options={locales.map((value) => ({
        value,
        label: <span data-testid={`lang-${value}`}>{localeNames[value]}</span>,
      }))}
      data-testid="language-switcher"
    />
  );
}
