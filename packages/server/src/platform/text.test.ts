import { describe, expect, it } from 'vitest';
import { nameKey, normalizePhone, pinyinForms, searchText, toHalfWidth } from './text.js';

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
});
