import { ConfigProblem } from './problems';

/**
 * JSON as users write it, read strictly: `JSON.parse` keeps the last of two equal keys without a
 * word, and a `__proto__` key would change an object's prototype once merged. Both are refused.
 */

/** Keys that name an object's prototype machinery rather than a field. */
export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

export type StrictJsonResult = { readonly value: unknown; readonly problems: readonly ConfigProblem[] };

/**
 * Strings, and the punctuation that opens, closes and separates: all a key check needs. Numbers,
 * true, false and null hold none of these characters, so the walk skips them.
 */
const TOKEN = /"(?:[^"\\]|\\.)*"|[{}[\],]/g;

/** An object or array the walk is inside. */
interface Open {
  readonly path: readonly string[];
  /** Keys seen so far; undefined for an array. */
  readonly keys?: Set<string>;
  /** The last key read (objects). */
  key?: string;
  /** The element being read (arrays). */
  index: number;
}

/**
 * Parses `text` and lists every duplicate or forbidden key as `<source>: <path>: ...`. Syntax
 * errors come back as one problem; the value is then undefined.
 */
export function parseStrictJson(text: string, source: string): StrictJsonResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { value: undefined, problems: [{ path: source, message: `cannot be read as JSON: ${(e as Error).message}` }] };
  }
  const problems: ConfigProblem[] = [];
  // The text is valid JSON here, so a flat walk over its tokens only tracks keys and paths; it
  // cannot loop or fail.
  const open: Open[] = [];
  let keyNext = false;
  for (const [token] of text.matchAll(TOKEN)) {
    const top = open.at(-1);
    if (token === '{' || token === '[') {
      const path = top === undefined ? [] : [...top.path, top.keys ? top.key! : String(top.index)];
      open.push({ path, keys: token === '{' ? new Set() : undefined, index: 0 });
      keyNext = token === '{';
    } else if (token === '}' || token === ']') {
      open.pop();
    } else if (token === ',') {
      if (top!.keys) keyNext = true;
      else top!.index++;
    } else if (keyNext) {
      const { path, keys } = top!;
      const key = JSON.parse(token) as string;
      if (FORBIDDEN_KEYS.includes(key)) {
        problems.push({ source, path: [...path, key].join('.'), message: `"${key}" is not allowed as a key (it names JavaScript object internals, not a field)` });
      } else if (keys!.has(key)) {
        problems.push({ source, path: [...path, key].join('.'), message: 'is given twice in the same object; JSON readers keep only the last, so remove one' });
      }
      keys!.add(key);
      top!.key = key;
      keyNext = false;
    }
  }
  return { value: problems.length === 0 ? value : undefined, problems };
}
