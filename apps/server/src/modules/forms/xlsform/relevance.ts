import type { Condition } from '@massline/shared';

/**
 * The part of XLSForm's `relevance` language that our condition model can say, and nothing more:
 *
 *   expr    := and ('or' and)*
 *   and     := unary ('and' unary)*
 *   unary   := 'not' '(' expr ')' | '(' expr ')' | 'selected' '(' ref ',' string ')' | ref ('=' | '!=') string
 *   ref     := '${' name '}'
 *   string  := '…' | "…"
 *
 * Meanings follow ODK, so an imported form shows the same questions as in ODK Collect or Kobo:
 * `${f} != 'v'` is also true while f is unanswered, hence `not(is)` rather than our `is_not`
 * (which needs an answer); `${f} = ''` / `${f} != ''` are (not) answered.
 */
export type Expr =
  | { ref: string; op: 'eq' | 'ne'; value: string }
  | { ref: string; op: 'selected'; value: string }
  | { all: Expr[] }
  | { any: Expr[] }
  | { not: Expr };

type Token = { t: 'ref' | 'str' | 'word'; v: string } | { t: '(' | ')' | ',' | '=' | '!=' };

function tokenize(src: string): Token[] | null {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (/\s/.test(ch)) { i++; continue; }
    if (ch === '$' && src[i + 1] === '{') {
      const end = src.indexOf('}', i + 2);
      if (end < 0) return null;
      out.push({ t: 'ref', v: src.slice(i + 2, end).trim() });
      i = end + 1;
    } else if (ch === "'" || ch === '"') {
      const end = src.indexOf(ch, i + 1);
      if (end < 0) return null;
      out.push({ t: 'str', v: src.slice(i + 1, end) });
      i = end + 1;
    } else if (ch === '!' && src[i + 1] === '=') {
      out.push({ t: '!=' });
      i += 2;
    } else if (ch === '(' || ch === ')' || ch === ',' || ch === '=') {
      out.push({ t: ch });
      i++;
    } else {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i));
      if (!m) return null;
      out.push({ t: 'word', v: m[0] });
      i += m[0].length;
    }
  }
  return out;
}

/** The expression as a tree, or null when it is not in the grammar above. */
export function parseRelevance(src: string): Expr | null {
  const tokens = tokenize(src);
  if (!tokens || tokens.length === 0) return null;
  let pos = 0;
  const peek = () => tokens[pos];
  const isWord = (w: string) => peek()?.t === 'word' && (peek() as { v: string }).v === w;
  const expect = (t: Token['t']) => {
    if (peek()?.t !== t) throw new Error(t);
    return tokens[pos++];
  };
  const ref = () => (expect('ref') as { v: string }).v;
  const str = () => (expect('str') as { v: string }).v;

  const or = (): Expr => {
    const parts = [and()];
    while (isWord('or')) { pos++; parts.push(and()); }
    return parts.length === 1 ? parts[0] : { any: parts };
  };
  const and = (): Expr => {
    const parts = [unary()];
    while (isWord('and')) { pos++; parts.push(unary()); }
    return parts.length === 1 ? parts[0] : { all: parts };
  };
  const unary = (): Expr => {
    if (isWord('not')) {
      pos++;
      expect('(');
      const inner = or();
      expect(')');
      return { not: inner };
    }
    if (isWord('selected')) {
      pos++;
      expect('(');
      const r = ref();
      expect(',');
      const value = str();
      expect(')');
      return { ref: r, op: 'selected', value };
    }
    if (peek()?.t === '(') {
      pos++;
      const inner = or();
      expect(')');
      return inner;
    }
    const r = ref();
    const op = peek()?.t;
    if (op !== '=' && op !== '!=') throw new Error('op');
    pos++;
    return { ref: r, op: op === '=' ? 'eq' : 'ne', value: str() };
  };

  try {
    const tree = or();
    return pos === tokens.length ? tree : null;
  } catch {
    return null;
  }
}

const quote = (v: string) => (v.includes("'") ? `"${v}"` : `'${v}'`);

/**
 * A condition as a relevance expression that means the same in ODK. Compound children are
 * parenthesised, so precedence never has to be thought about by whoever reads the sheet.
 */
export function writeRelevance(c: Condition): string {
  const child = (x: Condition) => ('all' in x || 'any' in x || ('op' in x && x.op === 'is_not') ? `(${writeRelevance(x)})` : writeRelevance(x));
  if ('all' in c) return c.all.map(child).join(' and ');
  if ('any' in c) return c.any.map(child).join(' or ');
  if ('not' in c) return `not(${writeRelevance(c.not)})`;
  const ref = `\${${c.question}}`;
  switch (c.op) {
    case 'is': return `${ref} = ${quote(c.value)}`;
    // ODK's != is also true while unanswered; ours is not.
    case 'is_not': return `${ref} != '' and ${ref} != ${quote(c.value)}`;
    case 'contains': return `selected(${ref}, ${quote(c.value)})`;
    case 'not_contains': return `not(selected(${ref}, ${quote(c.value)}))`;
    case 'answered': return `${ref} != ''`;
    case 'not_answered': return `${ref} = ''`;
  }
}
