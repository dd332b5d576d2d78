import { FORBIDDEN_KEYS, parseStrictJson } from '../../lib/config/strict-json';

const TWICE = 'is given twice in the same object; JSON readers keep only the last, so remove one';
const paths = (text: string): string[] => parseStrictJson(text, 'f.json').problems.map((p) => `${p.path}: ${p.message}`);

describe('strict JSON reading', () => {
  test('valid JSON without repeats comes back whole, with no problems', () => {
    const text = '{"a": {}, "b": [], "c": [1, "x", {"d": null}], "e": {"f": true}}';
    expect(parseStrictJson(text, 'f.json')).toEqual({ value: JSON.parse(text), problems: [] });
  });

  test('the same key in different objects is no repeat', () => {
    expect(paths('{"a": {"k": 1}, "b": {"k": 2}, "c": [{"k": 1}, {"k": 2}]}')).toEqual([]);
  });

  test('whitespace of every kind, anywhere between tokens, keeps keys and paths', () => {
    const text = '\r\n\t {\t"a" \n:\r\n{ "k"\t:\t1 ,\n"k" :2\r\n} ,\n "b":[ 1 ,\t{ "x": 0, "x" :  "y" } ] , "c" : { } ,"d":[ ] ,"a":3 }\n\t ';
    expect(paths(text)).toEqual([`a.k: ${TWICE}`, `b.1.x: ${TWICE}`, `a: ${TWICE}`]);
  });

  test('keys after empty objects and arrays and after scalars with no space are still read', () => {
    expect(paths('{"a":{},"b":[],"c":1,"d":-2.5e+3,"e":true,"f":null,"g":"s","a":0}')).toEqual([`a: ${TWICE}`]);
    expect(paths('[{},[],{"k":1,"k":2},[{"z":[]},{"z":{},"z":1}]]')).toEqual([`2.k: ${TWICE}`, `3.1.z: ${TWICE}`]);
  });

  test('strings in arrays and string values are never read as keys', () => {
    expect(paths('{"a": ["k", "k", "a"], "b": "a", "c": "c", "d": [["x"], {"e": "d"}]}')).toEqual([]);
    expect(paths('["k", {"k": 1, "v": "k", "k": 2}]')).toEqual([`1.k: ${TWICE}`]);
  });

  test('strings holding quotes, backslashes, commas and brackets do not end a value early', () => {
    expect(paths('{"a": "x\\"}, \\"a\\": 1", "b\\\\": "]", "b\\\\": "[{"}')).toEqual([`b\\: ${TWICE}`]);
  });

  test('each forbidden key is refused where it appears, and only those', () => {
    expect(FORBIDDEN_KEYS).toEqual(['__proto__', 'constructor', 'prototype']);
    const { value, problems } = parseStrictJson('{"ok": {"__proto__": 1, "constructor": 2, "prototype": 3, "proto": 4}}', 'f.json');
    expect(problems).toEqual(
      ['__proto__', 'constructor', 'prototype'].map((key) => ({
        source: 'f.json',
        path: `ok.${key}`,
        message: `"${key}" is not allowed as a key (it names JavaScript object internals, not a field)`,
      })),
    );
    expect(value).toBeUndefined();
  });

  test('a forbidden key given twice is reported as forbidden each time, not as a repeat', () => {
    expect(paths('{"constructor": 1, "constructor": 2}')).toEqual([
      'constructor: "constructor" is not allowed as a key (it names JavaScript object internals, not a field)',
      'constructor: "constructor" is not allowed as a key (it names JavaScript object internals, not a field)',
    ]);
  });

  test('a key given three times is reported at each repeat', () => {
    expect(parseStrictJson('{"k": 1, "k": 2, "k": 3}', 'f.json').problems).toEqual([
      { source: 'f.json', path: 'k', message: TWICE },
      { source: 'f.json', path: 'k', message: TWICE },
    ]);
  });

  test('scalars and strings at the root are read as they are', () => {
    expect(parseStrictJson('  42 ', 'f.json')).toEqual({ value: 42, problems: [] });
    expect(parseStrictJson('"{\\"k\\": 1, \\"k\\": 2}"', 'f.json')).toEqual({ value: '{"k": 1, "k": 2}', problems: [] });
  });

  test('a syntax error is one problem of the whole file, with the parser message', () => {
    expect(parseStrictJson('{"a": 1,}', 'envs.json')).toEqual({
      value: undefined,
      problems: [{ path: 'envs.json', message: expect.stringMatching(/^cannot be read as JSON: \S/) }],
    });
  });
});
