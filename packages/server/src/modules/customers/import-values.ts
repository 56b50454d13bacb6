// From spreadsheet cells to API input: which column fills which field (suggested from
// Chinese and English headers), and each cell read the way people type it in a sheet
// (labels instead of codes, 是/否, 2026/3/1, several phones in one cell).
import {
  contactChannels, customerGrades, customerSources, customerStatuses, customerTypes, decisionRoles, importFieldsOf, locales,
  type CustomField, type ImportObject, type ImportRowIssue, type Locale, type PicklistField, type PicklistOption,
} from '@kehu/shared';
import { isMessageKey, translate, type MessageKey } from '../../platform/i18n/index.js';
import { toHalfWidth } from '../../platform/text.js';

/** Header text reduced to what tells columns apart: half-width, lower case, no spaces or punctuation. */
export function headerKey(header: string): string {
  return toHalfWidth(header).toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');
}

/** Words people put in headers besides the field labels of the three UI languages. */
const synonyms: Record<ImportObject, Record<string, string[]>> = {
  customers: {
    name: ['客户名称', '公司名称', '企业名称', '单位名称', '客户', '公司', 'company', 'companyname', 'customer', 'customername', 'name'],
    shortName: ['客户简称', 'shortname', 'abbreviation'],
    creditCode: ['信用代码', '社会信用代码', 'uscc', 'creditcode'],
    phones: ['手机', '手机号', '手机号码', '联系电话', '座机', '电话号码', 'phone', 'mobile', 'tel', 'telephone'],
    emails: ['电子邮件', '电子邮箱', 'email', 'mail'],
    owner: ['负责人', '客户负责人', '销售', '归属人', 'owner', 'salesrep'],
    nextFollowUpAt: ['下次跟进时间', '跟进日期', 'nextfollowup'],
    description: ['描述', '说明', 'notes', 'remark', 'remarks'],
    type: ['客户类型'],
    source: ['客户来源', 'leadsource'],
    grade: ['客户等级', '级别'],
    stage: ['阶段', '客户阶段', 'lifecyclestage'],
    tags: ['标签', 'tag'],
    province: ['省', '省份', 'state'],
    city: ['市', '城市'],
    district: ['区', '县', '区县'],
    address: ['详细地址', '地址', 'street'],
    website: ['官网', '网址', 'url'],
    wechat: ['微信号'],
    idNumber: ['身份证号', '身份证', 'idcard'],
    bankAccount: ['银行账户', '开户账号', 'bankaccountnumber'],
    country: ['国家'],
    industry: ['所属行业'],
  },
  contacts: {
    customer: ['客户', '客户名称', '公司', '公司名称', '单位', 'company', 'customer', 'organization', 'org'],
    name: ['姓名', '联系人', '联系人姓名', 'name', 'fullname', 'contact', 'contactname'],
    title: ['职务', '职位', '头衔', 'title', 'jobtitle', 'position'],
    department: ['部门', 'department'],
    phones: ['电话', '手机', '手机号', '联系电话', 'phone', 'mobile', 'tel'],
    emails: ['邮箱', '电子邮件', 'email', 'mail'],
    birthday: ['生日', '出生日期', 'birthday', 'birthdate'],
    notes: ['备注', 'note', 'notes', 'remark'],
    wechat: ['微信', '微信号', 'wechat'],
    isPrimary: ['主联系人', '是否主要联系人', 'primary', 'main'],
    decisionRole: ['角色', '决策人', 'role'],
    preferredChannel: ['首选渠道', '联系方式偏好', 'channel'],
  },
  leads: {
    personName: ['姓名', '联系人', '联系人姓名', '客户姓名', 'name', 'fullname', 'contact', 'contactname'],
    companyName: ['公司', '公司名称', '企业名称', '单位', '单位名称', '客户名称', 'company', 'companyname', 'organization', 'org'],
    title: ['职务', '职位', '头衔', 'title', 'jobtitle', 'position'],
    mobile: ['手机', '手机号', '手机号码', '移动电话', 'mobile', 'cell', 'cellphone'],
    phone: ['电话', '座机', '固话', '联系电话', '办公电话', 'phone', 'tel', 'telephone'],
    email: ['邮箱', '电子邮件', '电子邮箱', 'email', 'mail'],
    wechat: ['微信', '微信号', 'wechat'],
    source: ['来源', '线索来源', '来源渠道', 'leadsource', 'source'],
    campaign: ['活动', '市场活动', '活动名称', 'campaign'],
    province: ['省', '省份', 'state'],
    city: ['市', '城市'],
    industry: ['行业', '所属行业'],
    needs: ['需求', '需求描述', '备注', '说明', 'notes', 'remark', 'needs'],
    budget: ['预算', '预算金额', 'budget'],
    owner: ['负责人', '销售', '归属人', 'owner', 'salesrep'],
  },
};

/** Fields that take several columns (their values are joined) rather than one. */
export const multiColumnFields = new Set(['phones', 'emails', 'tags']);

function fieldLabelKey(object: ImportObject, field: string): string {
  if (object === 'customers') return field === 'owner' ? 'fields.customer.ownerName' : `fields.customer.${field}`;
  if (object === 'leads') return `fields.lead.${field}`;
  return `fields.contact.${field}`;
}

/** A field's label in a language, for messages and the rejected-rows file. */
export function fieldLabel(object: ImportObject, target: string, locale: Locale, customFields: Map<string, CustomField>): string {
  if (target.startsWith('custom.')) {
    const f = customFields.get(target.slice(7));
    return f ? (f.label[locale] || f.label['zh-CN']) : target;
  }
  const key = fieldLabelKey(object, target);
  return isMessageKey(key) ? translate(locale, key) : target;
}

/** The target each header most likely means; a field is suggested once, except those that take several columns. */
export function suggestMapping(object: ImportObject, headers: string[], customFields: CustomField[]): (string | null)[] {
  const byKey = new Map<string, string>();
  const add = (text: string, target: string) => {
    const k = headerKey(text);
    if (k && !byKey.has(k)) byKey.set(k, target);
  };
  const fields = importFieldsOf[object] as readonly string[];
  // Exact labels first, then the synonyms, so a label always wins over a looser word.
  for (const field of fields) {
    add(field, field);
    for (const locale of locales) {
      const key = fieldLabelKey(object, field);
      if (isMessageKey(key)) add(translate(locale, key), field);
    }
  }
  for (const f of customFields) {
    add(f.key, `custom.${f.key}`);
    for (const label of Object.values(f.label)) if (label) add(label, `custom.${f.key}`);
  }
  for (const [field, words] of Object.entries(synonyms[object])) for (const w of words) add(w, field);

  const used = new Set<string>();
  return headers.map((h) => {
    const target = byKey.get(headerKey(h)) ?? null;
    if (!target) return null;
    if (used.has(target) && !multiColumnFields.has(target)) return null;
    used.add(target);
    return target;
  });
}

// ---- cell values -------------------------------------------------------------------------

function plain(text: string): string {
  return toHalfWidth(text).toLowerCase().replace(/\s+/g, '');
}

/** Accepts a stored code or its label in any UI language: '企業', 'Company' and 'company' all give 'company'. */
function codeOf(value: string, codes: readonly string[], labelPrefix: string): string | null {
  const v = plain(value);
  for (const code of codes) {
    if (plain(code) === v) return code;
    for (const locale of locales) {
      const key = `${labelPrefix}.${code}`;
      if (isMessageKey(key) && plain(translate(locale, key as MessageKey)) === v) return code;
    }
  }
  return null;
}

export function splitList(value: string): string[] {
  return value.split(/[;；,，、|/\n]+/).map((s) => s.trim()).filter(Boolean);
}

/** YYYY-MM-DD from the ways dates are typed: 2026-03-01, 2026/3/1, 2026.3.1, 2026年3月1日, or an ISO timestamp. */
export function parseDate(value: string): string | null {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$/.exec(toHalfWidth(value).trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** The offset of a time zone on a date, as +08:00. */
function zoneOffset(timeZone: string, date: string): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(new Date(`${date}T12:00:00Z`))
    .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-]\d{2}:\d{2})/.exec(name);
  return m ? m[1]! : '+00:00';
}

/** A full timestamp stays as it is; a date alone means 09:00 that day in the organization's time zone. */
export function parseDateTime(value: string, timeZone: string): string | null {
  const v = value.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v)) return new Date(v).toISOString();
  const date = parseDate(v);
  return date ? new Date(`${date}T09:00:00${zoneOffset(timeZone, date)}`).toISOString() : null;
}

const yes = new Set(['是', '对', '有', 'y', 'yes', 'true', '1', '√', '✓', 'x']);
const no = new Set(['否', '不', '无', 'n', 'no', 'false', '0', '×']);

export function parseBoolean(value: string): boolean | null {
  const v = plain(value);
  if (yes.has(v)) return true;
  if (no.has(v)) return false;
  return null;
}

export function parseNumber(value: string): number | null {
  const v = toHalfWidth(value).replace(/[,\s¥￥$€]/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(v)) return null;
  return Number(v);
}

// ---- a row --------------------------------------------------------------------------------

export interface RowContext {
  object: ImportObject;
  locale: Locale;
  timeZone: string;
  currency: string;
  customFields: Map<string, CustomField>;
  /** The organization's industry and stage options. */
  picklists: Record<'industry' | 'stage', PicklistOption[]>;
  /** A user id for an email or name, or null when there is none. */
  userId(value: string): Promise<string | null>;
}

export interface RowInput {
  /** Field values, before the API schema checks them. */
  input: Record<string, unknown>;
  /** The raw text behind each field, for messages. */
  source: Map<string, { column: string; value: string }>;
  issues: ImportRowIssue[];
}

const lists = new Set(['phones', 'emails', 'tags']);

/** Reads one row through the mapping. Problems of single cells are collected, not thrown. */
export async function readRow(rc: RowContext, headers: string[], mapping: (string | null)[], cells: string[]): Promise<RowInput> {
  const input: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  const source = new Map<string, { column: string; value: string }>();
  const issues: ImportRowIssue[] = [];
  const issue = (target: string, column: string, key: MessageKey, params: Record<string, string> = {}) =>
    issues.push({ column, field: fieldLabel(rc.object, target, rc.locale, rc.customFields), message: translate(rc.locale, key, params) });

  for (let i = 0; i < mapping.length; i++) {
    const target = mapping[i];
    const value = (cells[i] ?? '').trim();
    if (!target || value === '') continue;
    const column = headers[i] ?? `#${i + 1}`;
    if (!source.has(target)) source.set(target, { column, value });

    if (target.startsWith('custom.')) {
      const field = rc.customFields.get(target.slice(7));
      if (!field) continue;
      const converted = await customValue(rc, field, value);
      if (converted.ok) custom[field.key] = converted.value;
      else issue(target, column, converted.key, { value });
      continue;
    }
    if (lists.has(target)) {
      input[target] = [...((input[target] as string[] | undefined) ?? []), ...splitList(value)];
      continue;
    }
    const converted = await fieldValue(rc, target, value);
    if (converted.ok) input[target] = converted.value;
    else issue(target, column, converted.key, { value });
  }
  if (Object.keys(custom).length) input.custom = custom;
  return { input, source, issues };
}

type Converted = { ok: true; value: unknown } | { ok: false; key: MessageKey };

function enumField(value: string, codes: readonly string[], prefix: string): Converted {
  const code = codeOf(value, codes, prefix);
  return code ? { ok: true, value: code } : { ok: false, key: 'import.issue.unknown_value' };
}

async function fieldValue(rc: RowContext, target: string, value: string): Promise<Converted> {
  switch (target) {
    case 'type': return enumField(value, customerTypes, 'values.customer.type');
    case 'source': return enumField(value, customerSources, 'values.customer.source');
    case 'status': return enumField(value, customerStatuses, 'values.customer.status');
    case 'stage':
    case 'industry': {
      const v = plain(value);
      const option = rc.picklists[target].find((o) => plain(o.value) === v || Object.values(o.label).some((l) => l && plain(l) === v));
      return option ? { ok: true, value: option.value } : { ok: false, key: 'import.issue.unknown_value' };
    }
    case 'grade': {
      const g = toHalfWidth(value).toUpperCase().replace(/\s|级|級|GRADE|类|類/g, '');
      return (customerGrades as readonly string[]).includes(g) ? { ok: true, value: g } : { ok: false, key: 'import.issue.unknown_value' };
    }
    case 'decisionRole': return enumField(value, decisionRoles, 'values.contact.decisionRole');
    case 'preferredChannel': return enumField(value, contactChannels, 'values.contact.preferredChannel');
    case 'isPrimary': {
      const b = parseBoolean(value);
      return b === null ? { ok: false, key: 'import.issue.bad_boolean' } : { ok: true, value: b };
    }
    case 'birthday': {
      const d = parseDate(value);
      return d ? { ok: true, value: d } : { ok: false, key: 'import.issue.bad_date' };
    }
    case 'nextFollowUpAt': {
      const d = parseDateTime(value, rc.timeZone);
      return d ? { ok: true, value: d } : { ok: false, key: 'import.issue.bad_date' };
    }
    case 'owner': {
      const id = await rc.userId(value);
      return id ? { ok: true, value: id } : { ok: false, key: 'import.issue.unknown_owner' };
    }
    case 'budget': {
      // A sheet states money in yuan; leads keep minor units (分).
      const n = parseNumber(value);
      return n === null || n < 0 ? { ok: false, key: 'import.issue.bad_number' } : { ok: true, value: Math.round(n * 100) };
    }
    case 'creditCode': return { ok: true, value: toHalfWidth(value).replace(/\s/g, '').toUpperCase() };
    default: return { ok: true, value };
  }
}

function optionOf(field: CustomField, value: string): string | null {
  const v = plain(value);
  const option = field.options.find((o) => plain(o.value) === v || Object.values(o.label).some((l) => l && plain(l) === v));
  return option?.value ?? null;
}

async function customValue(rc: RowContext, field: CustomField, value: string): Promise<Converted> {
  switch (field.type) {
    case 'number': {
      const n = parseNumber(value);
      return n === null ? { ok: false, key: 'import.issue.bad_number' } : { ok: true, value: n };
    }
    case 'money': {
      const n = parseNumber(value);
      return n === null ? { ok: false, key: 'import.issue.bad_number' } : { ok: true, value: { amount: Math.round(n * 100), currency: rc.currency } };
    }
    case 'date': {
      const d = parseDate(value);
      return d ? { ok: true, value: d } : { ok: false, key: 'import.issue.bad_date' };
    }
    case 'boolean': {
      const b = parseBoolean(value);
      return b === null ? { ok: false, key: 'import.issue.bad_boolean' } : { ok: true, value: b };
    }
    case 'select': {
      const o = optionOf(field, value);
      return o ? { ok: true, value: o } : { ok: false, key: 'import.issue.unknown_value' };
    }
    case 'multi_select': {
      const picked = splitList(value).map((v) => optionOf(field, v));
      return picked.every((o) => o !== null) ? { ok: true, value: picked } : { ok: false, key: 'import.issue.unknown_value' };
    }
    case 'user': {
      const id = await rc.userId(value);
      return id ? { ok: true, value: id } : { ok: false, key: 'import.issue.unknown_owner' };
    }
    default:
      return { ok: true, value };
  }
}
