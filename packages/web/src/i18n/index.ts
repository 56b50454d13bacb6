// UI language: which one to show, loading its messages, and keeping antd and
// dayjs in the same language. Messages of a language load on first use only.
import { locales, type Locale } from '@kehu/shared';
import type { Locale as AntdLocale } from 'antd/es/locale';
import dayjs from 'dayjs';
import i18next, { type TFunction } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type zhCN from './zh-CN.json';
import type zhTW from './zh-TW.json';
import type enUS from './en-US.json';

export type Messages = typeof zhCN;

// Compile-time guard: the three message files must have exactly the same keys.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameKeys: Same<Messages, typeof zhTW> & Same<Messages, typeof enUS> = true;
void sameKeys;

export const i18n = i18next.createInstance();

export const DEFAULT_LOCALE: Locale = 'zh-CN';
const STORAGE_KEY = 'kehu.locale';

/** Each language's name in that language, as the switchers show it. */
export const localeNames: Record<Locale, string> = {
  'zh-CN': '简体中文',
  'zh-TW': '繁體中文',
  'en-US': 'English',
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

function fromBrowser(): Locale | null {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const lower = tag.toLowerCase();
    if (lower === 'zh-tw' || lower === 'zh-hk' || lower === 'zh-mo' || lower.startsWith('zh-hant')) return 'zh-TW';
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en-US';
  }
  return null;
}

/** The language the user picked on this device, if any. */
export function storedLocale(): Locale | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}

function remember(locale: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Private mode or storage disabled: the choice lasts for this page only.
  }
}

interface LocaleBundle {
  messages: Messages;
  antd: AntdLocale;
}

const loaders: Record<Locale, () => Promise<LocaleBundle>> = {
  'zh-CN': async () => {
    const [messages, antd] = await Promise.all([
      import('./zh-CN.json'),
      import('antd/es/locale/zh_CN'),
      import('dayjs/locale/zh-cn'),
    ]);
    return { messages: messages.default, antd: antd.default };
  },
  'zh-TW': async () => {
    const [messages, antd] = await Promise.all([
      import('./zh-TW.json'),
      import('antd/es/locale/zh_TW'),
      import('dayjs/locale/zh-tw'),
    ]);
    return { messages: messages.default, antd: antd.default };
  },
  'en-US': async () => {
    const [messages, antd] = await Promise.all([import('./en-US.json'), import('antd/es/locale/en_US')]);
    return { messages: messages.default, antd: antd.default };
  },
};

const dayjsLocales: Record<Locale, string> = { 'zh-CN': 'zh-cn', 'zh-TW': 'zh-tw', 'en-US': 'en' };
const antdLocales = new Map<Locale, AntdLocale>();

async function ensureLoaded(locale: Locale): Promise<void> {
  if (antdLocales.has(locale)) return;
  const bundle = await loaders[locale]();
  i18n.addResourceBundle(locale, 'translation', bundle.messages, true, true);
  antdLocales.set(locale, bundle.antd);
}

export function antdLocaleFor(locale: string): AntdLocale | undefined {
  return isLocale(locale) ? antdLocales.get(locale) : undefined;
}

/** For keys built from server data (audit actions, permission names): the translation if one exists. */
export function translateOr(t: TFunction, key: string, fallback: string): string {
  return i18n.exists(key) ? (t as unknown as (key: string) => string)(key) : fallback;
}

export function currentLocale(): Locale {
  return isLocale(i18n.language) ? i18n.language : DEFAULT_LOCALE;
}

/**
 * Switches the whole UI to a language. `remember` stores it on this device so
 * the login page opens in it next time.
 */
export async function changeLocale(locale: Locale, options: { remember?: boolean } = {}): Promise<void> {
  if (options.remember) remember(locale);
  if (locale === i18n.language) return;
  await ensureLoaded(locale);
  dayjs.locale(dayjsLocales[locale]);
  document.documentElement.lang = locale;
  await i18n.changeLanguage(locale);
}

export async function initI18n(): Promise<void> {
  const locale = storedLocale() ?? fromBrowser() ?? DEFAULT_LOCALE;
  await i18n.use(initReactI18next).init({
    lng: locale,
    fallbackLng: false,
    resources: {},
    interpolation: { escapeValue: false },
    returnNull: false,
    // Keep users' browser consoles free of library promotions.
    showSupportNotice: false,
  });
  await ensureLoaded(locale);
  dayjs.locale(dayjsLocales[locale]);
  document.documentElement.lang = locale;
  // Re-emit so components bound before the bundle arrived pick it up.
  await i18n.changeLanguage(locale);
}
