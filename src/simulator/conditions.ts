// The `condition` query parameter of GET /ws/Monitor (push-protocol §1.3.3), e.g.
//   monTopic='DeviceCore' and (monStatus='ACTIVE' or monTransportType like 'tc%')
// Grammar (keywords case-insensitive, values in single quotes with '' as an escaped quote):
//   expr   := term ( OR term )*
//   term   := factor ( AND factor )*
//   factor := NOT factor | '(' expr ')' | name op value
//   op     := = | != | <> | < | <= | > | >= | LIKE | NOT LIKE
// LIKE uses SQL wildcards (% any run, _ one character). < and > compare numerically when
// both sides are numbers, else as strings. Unknown attributes and syntax errors throw a
// ConditionError, which the REST layer turns into a 400.

import { likePatternRegex } from '../core';

export class ConditionError extends Error {}

export type FieldLookup = (name: string) => string | undefined;
export type Condition = (fields: FieldLookup) => boolean;

type Token =
  | { kind: 'ident'; value: string; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'op'; value: string; at: number }
  | { kind: 'paren'; value: '(' | ')'; at: number };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      out.push({ kind: 'paren', value: c, at: i++ });
    } else if (c === "'") {
      const at = i++;
      let value = '';
      for (;;) {
        if (i >= text.length) throw new ConditionError(`unterminated string starting at position ${at}`);
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i++];
      }
      out.push({ kind: 'string', value, at });
    } else if ('=<>!'.includes(c)) {
      const two = text.slice(i, i + 2);
      const op = ['<=', '>=', '<>', '!='].includes(two) ? two : c;
      if (op === '!') throw new ConditionError(`unexpected "!" at position ${i}`);
      out.push({ kind: 'op', value: op, at: i });
      i += op.length;
    } else if (/[A-Za-z_0-9.-]/.test(c)) {
      const at = i;
      while (i < text.length && /[A-Za-z_0-9.-]/.test(text[i])) i++;
      out.push({ kind: 'ident', value: text.slice(at, i), at });
    } else {
      throw new ConditionError(`unexpected character "${c}" at position ${i}`);
    }
  }
  return out;
}

const isKeyword = (t: Token | undefined, word: string) => t?.kind === 'ident' && t.value.toLowerCase() === word;

function compare(op: string, a: string, b: string): boolean {
  const na = Number(a);
  const nb = Number(b);
  const numeric = a.trim() !== '' && b.trim() !== '' && Number.isFinite(na) && Number.isFinite(nb);
  const cmp = numeric ? na - nb : a < b ? -1 : a > b ? 1 : 0;
  switch (op) {
    case '=':
      return numeric ? cmp === 0 : a === b;
    case '!=':
    case '<>':
      return numeric ? cmp !== 0 : a !== b;
    case '<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
    case '>':
      return cmp > 0;
    default:
      return cmp >= 0;
  }
}

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly known: (name: string) => boolean,
  ) {}

  parse(): Condition {
    const c = this.expr();
    const rest = this.tokens[this.i];
    if (rest) throw new ConditionError(`unexpected "${rest.value}" at position ${rest.at}`);
    return c;
  }

  private expr(): Condition {
    const parts = [this.term()];
    while (isKeyword(this.tokens[this.i], 'or')) {
      this.i++;
      parts.push(this.term());
    }
    return parts.length === 1 ? parts[0] : (f) => parts.some((p) => p(f));
  }

  private term(): Condition {
    const parts = [this.factor()];
    while (isKeyword(this.tokens[this.i], 'and')) {
      this.i++;
      parts.push(this.factor());
    }
    return parts.length === 1 ? parts[0] : (f) => parts.every((p) => p(f));
  }

  private factor(): Condition {
    const t = this.tokens[this.i];
    if (!t) throw new ConditionError('condition ends where a comparison was expected');
    if (isKeyword(t, 'not')) {
      this.i++;
      const inner = this.factor();
      return (f) => !inner(f);
    }
    if (t.kind === 'paren' && t.value === '(') {
      this.i++;
      const inner = this.expr();
      const close = this.tokens[this.i];
      if (close?.kind !== 'paren' || close.value !== ')') throw new ConditionError(`missing ")" for "(" at position ${t.at}`);
      this.i++;
      return inner;
    }
    if (t.kind !== 'ident') throw new ConditionError(`expected an attribute name at position ${t.at}, found "${t.value}"`);
    return this.comparison();
  }

  private comparison(): Condition {
    const name = this.tokens[this.i++];
    if (!this.known(name.value)) throw new ConditionError(`unknown attribute "${name.value}"`);
    let op: string;
    const t = this.tokens[this.i];
    if (isKeyword(t, 'like')) {
      op = 'like';
      this.i++;
    } else if (isKeyword(t, 'not') && isKeyword(this.tokens[this.i + 1], 'like')) {
      op = 'not like';
      this.i += 2;
    } else if (t?.kind === 'op') {
      op = t.value;
      this.i++;
    } else {
      throw new ConditionError(`expected an operator after "${name.value}"${t ? ` at position ${t.at}` : ''}`);
    }
    const v = this.tokens[this.i++];
    if (!v || (v.kind !== 'string' && v.kind !== 'ident')) {
      throw new ConditionError(`expected a quoted value after "${name.value} ${op}"`);
    }
    const value = v.value;
    const attr = name.value;
    if (op === 'like' || op === 'not like') {
      const re = likePatternRegex(value);
      const want = op === 'like';
      return (f) => {
        const x = f(attr);
        return x !== undefined && re.test(x) === want;
      };
    }
    return (f) => {
      const x = f(attr);
      return x !== undefined && compare(op, x, value);
    };
  }
}

/** Parses a condition; `known` says which attribute names exist. */
export function parseCondition(text: string, known: (name: string) => boolean): Condition {
  const tokens = tokenize(text);
  if (tokens.length === 0) return () => true;
  return new Parser(tokens, known).parse();
}
