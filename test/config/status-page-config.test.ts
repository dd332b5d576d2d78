import { deepMerge, validateEnvironment } from '../../lib/config';
import { PRODUCTION } from '../../lib/config/environments';

const problems = (override: unknown): string[] => validateEnvironment(deepMerge(PRODUCTION, override), 'production').problems;

describe('monitoring.statusPageConcurrency', () => {
  test('optional, and 1 to 100 accepted', () => {
    expect(PRODUCTION.monitoring.statusPageConcurrency).toBeUndefined();
    for (const n of [1, 10, 100]) expect(problems({ monitoring: { statusPageConcurrency: n } })).toEqual([]);
  });

  test.each([
    [0, 'must be 1-100 (got 0)'],
    [101, 'must be 1-100 (got 101)'],
    [2.5, 'must be a whole number 1-100 (got 2.5)'],
  ])('%j is refused, naming the field and the range', (n, message) => {
    expect(problems({ monitoring: { statusPageConcurrency: n } })).toEqual([`production: monitoring.statusPageConcurrency: ${message}`]);
  });
});
