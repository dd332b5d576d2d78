import { ConfigProblem } from './problems';

/**
 * JSON as users write it, read strictly: `JSON.parse` keeps the last of two equal keys without a
 * word, and a `__proto__` key would change an object's prototype once merged. Both are refused.
 */

/** Keys that name an object's prototype machinery rather than a field. */
export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

export type StrictJsonResult = { readonly value: unknown; readonly problems: readonly ConfigProblem[] };

const STRING = /"(?:[^"\\]|\\.)*"/y;
const WHITESPACE = /[ \t\n\r]*/y;
const SCALAR = /[^,\]}\s]+/y;

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
  let at = 0;
  const match = (re: RegExp): string => {
    re.lastIndex = at;
    const m = re.exec(text);
    at = re.lastIndex;
    return m ? m[0] : '';
  };
  const skip = () => match(WHITESPACE);

  // The text is valid JSON here, so the walk only tracks keys and paths.
  const walk = (path: readonly string[]): void => {
    skip();
    const c = text[at];
    if (c === '{') {
      at++;
      const seen = new Set<string>();
      skip();
      if (text[at] === '}') {
        at++;
        return;
      }
      for (;;) {
        skip();
        const key = JSON.parse(match(STRING)) as string;
        if (FORBIDDEN_KEYS.includes(key)) {
          problems.push({ source, path: [...path, key].join('.'), message: `"${key}" is not allowed as a key (it names JavaScript object internals, not a field)` });
        } else if (seen.has(key)) {
          problems.push({ source, path: [...path, key].join('.'), message: 'is given twice in the same object; JSON readers keep only the last, so remove one' });
        }
        seen.add(key);
        skip();
        at++; // ':'
        walk([...path, key]);
        skip();
        if (text[at++] === '}') return;
      }
    } else if (c === '[') {
      at++;
      skip();
      if (text[at] === ']') {
        at++;
        return;
      }
      for (let i = 0; ; i++) {
        walk([...path, String(i)]);
        skip();
        if (text[at++] === ']') return;
      }
    } else if (c === '"') {
      match(STRING);
    } else {
      match(SCALAR);
    }
  };
  walk([]);
  return { value: problems.length === 0 ? value : undefined, problems };
}
