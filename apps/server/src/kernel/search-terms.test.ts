import { describe, expect, it } from 'vitest';
import { indexTerms, queryTerms } from './search-terms.js';

describe('search terms', () => {
  it('indexes Chinese text by adjacent pairs, broken by punctuation', () => {
    expect(indexTerms('村里道路，坑洼')).toEqual(['村里', '里道', '道路', '坑洼']);
  });

  it('lower-cases and pairs letters and digits of any script', () => {
    expect(indexTerms('WiFi 5G')).toEqual(['wi', 'if', 'fi', '5g']);
  });

  it('finds every substring of two or more characters through its pairs', () => {
    const text = '村里道路坑洼无人管（第12条）Road';
    const terms = new Set(indexTerms(text));
    for (const q of ['道路', '路坑洼', '无人管', '第12条', '12', 'ROAD', 'oa']) {
      expect(queryTerms(q, 100).every((t) => terms.has(t))).toBe(true);
    }
  });

  it('has no terms for a one-character query, so the caller scans instead', () => {
    expect(queryTerms('路')).toEqual([]);
    expect(queryTerms('，路 ')).toEqual([]);
  });

  it('keeps at most the asked number of query terms', () => {
    expect(queryTerms('群众路线教育实践活动', 3)).toEqual(['群众', '众路', '路线']);
  });

  it('counts characters outside the basic plane as one', () => {
    expect(indexTerms('𠀀路')).toEqual(['𠀀路']);
  });
});
