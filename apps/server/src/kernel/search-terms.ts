/**
 * Keyword search for Chinese text without a word splitter: a text is indexed by every pair of
 * adjacent letters or digits (bigrams), and a query by its own pairs. Any substring of two or more
 * characters that a text contains yields only pairs the text has, so the index finds every match
 * and a LIKE on the candidates confirms it (道路 finds 村里道路坑洼无人管). Punctuation and spaces
 * break runs on both sides alike.
 */

const RUN = /[\p{L}\p{N}]+/gu;

function pairs(text: string, into: Set<string>): Set<string> {
  for (const [run] of text.toLowerCase().matchAll(RUN)) {
    const chars = Array.from(run);
    for (let i = 0; i + 1 < chars.length; i++) into.add(chars[i] + chars[i + 1]);
  }
  return into;
}

/** The distinct bigrams a text is indexed by. */
export function indexTerms(...parts: string[]): string[] {
  const terms = new Set<string>();
  for (const part of parts) pairs(part, terms);
  return [...terms];
}

/**
 * The bigrams a query must find, at most `max` of them (the LIKE on the candidates checks the rest);
 * none when the query has no two adjacent letters or digits, and the caller falls back to a scan.
 */
export function queryTerms(query: string, max = 4): string[] {
  return [...pairs(query, new Set())].slice(0, max);
}
