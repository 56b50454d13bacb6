// Normalizing what people type: phones to E.164 (default region CN), and the
// lower-cased search text that makes names findable by substring, pinyin and initials.
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { pinyin } from 'pinyin-pro';

export interface NormalizedPhone {
  number: string;
  e164: string | null;
}

/** Parsing a number costs tens of microseconds; imports and duplicate checks ask for the same ones again. */
const recentPhones = new Map<string, string | null>();

export function normalizePhone(input: string, defaultRegion: 'CN' = 'CN'): NormalizedPhone {
  const number = input.trim();
  let e164 = recentPhones.get(number);
  if (e164 === undefined) {
    const parsed = parsePhoneNumberFromString(number, defaultRegion);
    e164 = parsed?.isValid() ? parsed.number : null;
    if (recentPhones.size >= 10_000) recentPhones.clear();
    recentPhones.set(number, e164);
  }
  return { number, e164 };
}

/** Full-width letters, digits and spaces to half-width, so ＡＢＣ１２３ matches ABC123. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

const hasHan = /\p{Script=Han}/u;

/** 张三 → ["zhangsan", "zs"]; text without Chinese characters gives nothing. */
export function pinyinForms(text: string): string[] {
  if (!hasHan.test(text)) return [];
  const syllables = pinyin(text, { toneType: 'none', type: 'array', nonZh: 'removed', v: true });
  if (!syllables.length) return [];
  return [syllables.join(''), syllables.map((s) => s[0]).join('')];
}

/** One lower-cased line of everything a record can be found by. */
export function searchText(parts: { names?: (string | null | undefined)[]; phones?: NormalizedPhone[]; others?: (string | null | undefined)[] }): string {
  const out: string[] = [];
  for (const name of parts.names ?? []) {
    if (!name) continue;
    const half = toHalfWidth(name).toLowerCase();
    out.push(half, ...pinyinForms(half));
  }
  for (const phone of parts.phones ?? []) {
    out.push(phone.number.replace(/\D/g, ''));
    if (phone.e164) out.push(phone.e164.replace(/\D/g, ''));
  }
  for (const other of parts.others ?? []) if (other) out.push(toHalfWidth(other).toLowerCase());
  return out.join(' ');
}

/** Legal-form words that do not tell two companies apart. Longest first. */
const companySuffixes = [
  '股份有限公司', '有限责任公司', '有限公司', '集团公司', '集团', '公司',
  'co., ltd.', 'co.,ltd.', 'co. ltd.', 'co ltd', 'company limited', 'limited', 'ltd.', 'ltd', 'inc.', 'inc', 'corp.', 'corporation', 'llc', 'gmbh',
].sort((a, b) => b.length - a.length);

/** The form of a company or person name used to spot duplicates: half-width, lower case, no spaces, punctuation or legal suffix. */
export function nameKey(name: string): string {
  let key = toHalfWidth(name).toLowerCase().trim();
  for (let stripped = true; stripped; ) {
    stripped = false;
    for (const suffix of companySuffixes) {
      if (key.endsWith(suffix) && key.length > suffix.length) {
        key = key.slice(0, -suffix.length).trim().replace(/[,，]$/, '');
        stripped = true;
      }
    }
  }
  return key.replace(/[\s\p{P}\p{S}]/gu, '');
}
