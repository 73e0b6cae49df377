// JSON text of untrusted values without recursion. JSON.stringify recurses and throws
// "Maximum call stack size exceeded" on a document nested ~10,000 deep (which JSON.parse
// accepts), so everything the viewer serialises goes through this instead. For ordinary
// values the output is byte-for-byte what JSON.stringify gives (tests pin that).

export interface StringifyOptions {
  /** Spaces per level (0: compact). */
  indent?: number;
  /** Levels deeper than this are not indented further (keeps deep documents linear in size). */
  maxIndentDepth?: number;
  /** Stop once the text is longer than this (the result is then cut and `truncated`). */
  limit?: number;
}

export interface StringifyResult {
  text: string;
  truncated: boolean;
}

type Frame =
  | { arr: unknown[]; i: number; depth: number }
  | { obj: Record<string, unknown>; keys: string[]; i: number; depth: number; any: boolean };

const SKIP = Symbol('skip');

/** A primitive's JSON text, the container itself, or SKIP (undefined/function/symbol). */
function prepare(v: unknown, inArray: boolean): string | object | typeof SKIP {
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    try {
      v = (v as { toJSON: () => unknown }).toJSON();
    } catch {
      v = String(v);
    }
  }
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return JSON.stringify(v.toString());
    case 'object':
      return v === null ? 'null' : v;
    default:
      return inArray ? 'null' : SKIP;
  }
}

export function stringifySafe(value: unknown, options: StringifyOptions = {}): StringifyResult {
  const indent = options.indent ?? 0;
  const maxIndentDepth = options.maxIndentDepth ?? Infinity;
  const limit = options.limit ?? Infinity;
  const parts: string[] = [];
  let len = 0;
  const emit = (s: string) => {
    parts.push(s);
    len += s.length;
  };
  const pads: string[] = [];
  const nl = (depth: number): string => {
    if (!indent) return '';
    const d = Math.min(depth, maxIndentDepth);
    return (pads[d] ??= '\n' + ' '.repeat(d * indent));
  };
  const colon = indent ? ': ' : ':';
  const onPath = new Set<object>();
  const stack: Frame[] = [];

  const open = (v: object, depth: number) => {
    if (onPath.has(v)) {
      emit('"[Circular]"');
      return;
    }
    if (Array.isArray(v)) {
      if (v.length === 0) {
        emit('[]');
        return;
      }
      onPath.add(v);
      emit('[');
      stack.push({ arr: v, i: 0, depth });
      return;
    }
    onPath.add(v);
    emit('{');
    stack.push({ obj: v as Record<string, unknown>, keys: Object.keys(v), i: 0, depth, any: false });
  };
  const put = (p: string | object, depth: number) => (typeof p === 'string' ? emit(p) : open(p, depth));

  const first = prepare(value, false);
  if (first === SKIP) return { text: 'null', truncated: false };
  put(first, 0);

  let truncated = false;
  while (stack.length > 0) {
    if (len > limit) {
      truncated = true;
      break;
    }
    const f = stack[stack.length - 1];
    if ('arr' in f) {
      if (f.i >= f.arr.length) {
        stack.pop();
        onPath.delete(f.arr);
        emit(nl(f.depth) + ']');
        continue;
      }
      const v = f.arr[f.i++];
      emit((f.i > 1 ? ',' : '') + nl(f.depth + 1));
      put(prepare(v, true) as string | object, f.depth + 1);
      continue;
    }
    let p: string | object | typeof SKIP = SKIP;
    let key = '';
    while (f.i < f.keys.length) {
      key = f.keys[f.i++];
      let v: unknown;
      try {
        v = f.obj[key];
      } catch {
        v = undefined;
      }
      p = prepare(v, false);
      if (p !== SKIP) break;
    }
    if (p === SKIP) {
      stack.pop();
      onPath.delete(f.obj);
      emit(f.any ? nl(f.depth) + '}' : '}');
      continue;
    }
    emit((f.any ? ',' : '') + nl(f.depth + 1) + JSON.stringify(key) + colon);
    f.any = true;
    put(p, f.depth + 1);
  }
  let text = parts.join('');
  if (len > limit) {
    truncated = true;
    text = text.slice(0, limit);
  }
  return { text, truncated };
}

/** Compact, bounded text of a value for one-line previews. */
export function previewJson(value: unknown, max: number): string {
  const r = stringifySafe(value, { limit: max });
  return r.truncated ? r.text + '…' : r.text;
}
