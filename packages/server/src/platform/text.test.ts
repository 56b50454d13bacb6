import { describe, expect, it } from 'vitest';
import { nameKey, normalizePhone, pinyinForms, searchQueryTerms, searchTerms, searchText, toHalfWidth } from './text.js';

describe('text normalization', () => {
  it('ignores legal suffixes, width, case, spaces and punctuation in company names', () => {
    const same = ['华为技术有限公司', '华为技术股份有限公司', '华为技术（集团）有限公司'.replace('（集团）', ''), '华为技术 Co., Ltd.', '华为技术co.,ltd.', ' 华为技术有限责任公司 '];
    expect(new Set(same.map(nameKey))).toEqual(new Set(['华为技术']));
    expect(nameKey('ＡＢＣ Trading Co., Ltd.')).toBe('abctrading');
    expect(nameKey('Acme, Inc.')).toBe('acme');
    expect(nameKey('有限公司')).not.toBe('');
  });

  it('normalizes Chinese phone numbers to E.164 and keeps what was typed', () => {
    expect(normalizePhone('138 1234 5678')).toEqual({ number: '138 1234 5678', e164: '+8613812345678' });
    expect(normalizePhone('010-88886666')).toEqual({ number: '010-88886666', e164: '+861088886666' });
    expect(normalizePhone('+1 415 555 2671').e164).toBe('+14155552671');
    expect(normalizePhone('12345').e164).toBeNull();
  });

  it('derives pinyin and initials, and half-width text', () => {
    expect(pinyinForms('张三')).toEqual(['zhangsan', 'zs']);
    expect(pinyinForms('绿地')).toEqual(['lvdi', 'ld']);
    expect(pinyinForms('Acme')).toEqual([]);
    expect(toHalfWidth('ＡＢＣ１２３　x')).toBe('ABC123 x');
    expect(searchText({ names: ['张三'], phones: [normalizePhone('138-1234-5678')] })).toBe('张三 zhangsan zs 13812345678 8613812345678');
  });

  it('indexes Chinese by 2-character grams and other words, pinyin, phones and emails by their start', () => {
    const terms = searchTerms({ names: ['华为技术 Co., Ltd.'], phones: [normalizePhone('138-1234-5678')], others: ['Zhang.San@Huawei.com', 'https://www.huawei.com/cn'] }).split(' ');
    expect(terms).toEqual(expect.arrayContaining(['华为', '为技', '技术', '术', 'co', 'ltd', 'huaweijishu', 'jishu', 'hwjs']));
    expect(terms).toEqual(expect.arrayContaining(['13812345678', '5678', '2345678', '8613812345678', 'zhangsanhuaweicom', 'huaweicom', 'wwwhuaweicom']));
    expect(terms).not.toContain('678');
    expect(searchQueryTerms('华为技术')).toEqual({ exact: ['华为', '为技', '技术'], prefix: [] });
    expect(searchQueryTerms('张')).toEqual({ exact: [], prefix: ['张'] });
    expect(searchQueryTerms('Zhang.San@hua 5678')).toEqual({ exact: [], prefix: ['zhangsanhua', '5678'] });
    expect(searchQueryTerms('华为abc')).toEqual({ exact: ['华为'], prefix: ['abc'] });
    expect(searchQueryTerms('%_ ！')).toBeNull();
  });
});
