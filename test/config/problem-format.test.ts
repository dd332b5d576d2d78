import { ConfigError, describeValue, isObject, valueAt } from '../../lib/config/problems';

describe('values in messages', () => {
  test('JSON up to 80 characters is shown whole; longer is cut to 77 and "..."', () => {
    const exactly80 = `"${'x'.repeat(78)}"`;
    expect(describeValue('x'.repeat(78))).toBe(exactly80);
    expect(describeValue('x'.repeat(79))).toBe(`"${'x'.repeat(76)}...`);
    expect(describeValue({ a: [1, null] })).toBe('{"a":[1,null]}');
    expect(describeValue(null)).toBe('null');
  });

  test('functions and symbols, which JSON cannot show, are shown as text; undefined is "missing"', () => {
    expect(describeValue(Symbol('s'))).toBe('Symbol(s)');
    expect(describeValue(undefined)).toBe('missing');
  });

  test('one problem is counted in the singular', () => {
    expect(new ConfigError([{ path: 'debug', message: 'must be a boolean' }]).message).toBe('Invalid configuration (1 problem):\n  - debug: must be a boolean');
  });
});

describe('helpers', () => {
  test('only plain objects count as objects', () => {
    expect([{}, { a: 1 }, [], null, 'x', 1, undefined].map(isObject)).toEqual([true, true, false, false, false, false, false]);
  });

  test('the value at a path, through objects and arrays; undefined past a scalar or null', () => {
    const root = { a: { b: [10, { c: 'x' }] }, n: null };
    expect(valueAt(root, ['a', 'b', 1, 'c'])).toBe('x');
    expect(valueAt(root, ['a', 'b', 0])).toBe(10);
    expect(valueAt(root, [])).toBe(root);
    expect(valueAt(root, ['a', 'b', 0, 'toFixed'])).toBeUndefined();
    expect(valueAt(root, ['n', 'x'])).toBeUndefined();
    expect(valueAt('text', ['length'])).toBeUndefined();
  });
});
