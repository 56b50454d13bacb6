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

export interface SearchParts {
  names?: (string | null | undefined)[];
  phones?: NormalizedPhone[];
  /** Emails, codes, websites, WeChat IDs: found from their start (an email also from its domain). */
  others?: (string | null | undefined)[];
}

/** Index terms are cut to this length; longer query words are looked up by their first characters. */
const termLength = 24;
const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const cjkRuns = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;

/** Half-width, lower case, letters and digits only: 'Zhang.San@Huawei.com' → 'zhangsanhuaweicom'. */
function termForm(text: string): string {
  return toHalfWidth(text).toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** A word split where Chinese (Japanese, Korean) script meets letters or digits: '华为abc' → ['华为', 'abc']. */
function scriptRuns(word: string): string[] {
  return word.match(cjkRuns) ?? [];
}

/**
 * The words of the search index. Chinese runs give every 2-character gram plus their last
 * character, so any substring of 2+ characters is found by its grams; other words, full
 * pinyin from each syllable on, initials, phone digits from each position, emails and codes
 * are found by their start.
 */
export function searchTerms(parts: SearchParts): string {
  const terms = new Set<string>();
  const add = (term: string) => { if (term) terms.add(term.slice(0, termLength)); };
  for (const name of parts.names ?? []) {
    if (!name) continue;
    for (const word of toHalfWidth(name).toLowerCase().split(/\s+/)) {
      for (const run of scriptRuns(termForm(word))) {
        if (!cjk.test(run)) { add(run); continue; }
        for (let i = 0; i + 1 < run.length; i++) add(run.slice(i, i + 2));
        add(run.slice(-1));
      }
    }
    if (hasHan.test(name)) {
      const syllables = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'removed', v: true });
      for (let i = 0; i < syllables.length; i++) add(syllables.slice(i).join(''));
      add(syllables.map((s) => s[0]).join(''));
    }
  }
  for (const phone of parts.phones ?? []) {
    const digits = phone.number.replace(/\D/g, '');
    for (let i = 0; i === 0 || digits.length - i >= 4; i++) add(digits.slice(i));
    if (phone.e164) add(phone.e164.replace(/\D/g, ''));
  }
  for (const other of parts.others ?? []) {
    if (!other) continue;
    const value = toHalfWidth(other).toLowerCase().trim().replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
    add(termForm(value));
    if (value.includes('@')) add(termForm(value.slice(value.indexOf('@') + 1)));
    if (value.startsWith('www.')) add(termForm(value.slice(4)));
  }
  return [...terms].join(' ');
}

/** What a query asks of the index: exact grams and word starts; null when it has nothing to look up. */
export interface QueryTerms {
  exact: string[];
  prefix: string[];
}

export function searchQueryTerms(q: string): QueryTerms | null {
  const exact = new Set<string>();
  const prefix = new Set<string>();
  for (const word of toHalfWidth(q).toLowerCase().split(/\s+/)) {
    for (const run of scriptRuns(termForm(word))) {
      if (!cjk.test(run) || run.length === 1) prefix.add(run.slice(0, termLength));
      else for (let i = 0; i + 1 < run.length; i++) exact.add(run.slice(i, i + 2));
    }
  }
  return exact.size || prefix.size ? { exact: [...exact], prefix: [...prefix] } : null;
}

/** Both search columns of a record, written together whenever one of their sources changes. */
export function searchColumns(parts: SearchParts): { searchText: string; searchTerms: string } {
  return { searchText: searchText(parts), searchTerms: searchTerms(parts) };
}

/** One lower-cased line of everything a record can be found by. */
export function searchText(parts: SearchParts): string {
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
