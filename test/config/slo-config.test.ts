import { deepMerge, validateEnvironment } from '../../lib/config';
import { PRODUCTION, STAGING } from '../../lib/config/environments';
import { DEFAULT_CANARY, defaultSlos } from '../../lib/config/slo';

const problems = (override: unknown): string[] => validateEnvironment(deepMerge(PRODUCTION, override), 'production').problems;
const SLO = defaultSlos(true);

describe('slo', () => {
  test('optional; the defaults are 99.9% availability and 99% of API requests within 1 s over 28 days, a slow burn pages only in production', () => {
    expect(PRODUCTION.slo).toBeUndefined();
    // Staging has no users to promise anything to, and is off at night.
    expect(STAGING.slo).toBeNull();
    expect(SLO).toEqual({
      apiAvailability: { targetPercent: 99.9, windowDays: 28 },
      apiLatency: { targetPercent: 99, windowDays: 28, thresholdSeconds: 1 },
      webAvailability: { targetPercent: 99.9, windowDays: 28 },
      slowBurn: 'page',
    });
    expect(defaultSlos(false).slowBurn).toBe('warn');
    expect(problems({ slo: SLO })).toEqual([]);
  });

  test.each([
    [
      'apiAvailability',
      { targetPercent: 90, windowDays: 28 },
      'targetPercent',
      'must be 93.1-99.99 (%): below 93.1 a 14.4x burn rate cannot happen and the fast-burn page never fires (got 90)',
    ],
    [
      'webAvailability',
      { targetPercent: 99.999, windowDays: 28 },
      'targetPercent',
      'must be 93.1-99.99 (%): above 99.99 the error budget is too small to measure on per-minute metrics (got 99.999)',
    ],
    ['apiAvailability', { targetPercent: 99.9, windowDays: 90 }, 'windowDays', 'must be 7-30 days (got 90)'],
    ['apiLatency', { targetPercent: 99, windowDays: 28, thresholdSeconds: 0 }, 'thresholdSeconds', 'must be 0.05-30 s (got 0)'],
  ])('slo.%s %j is refused, naming the field and what is allowed', (journey, objective, field, message) => {
    expect(problems({ slo: { ...SLO, [journey]: objective } })).toEqual([`production: slo.${journey}.${field}: ${message}`]);
  });

  test('every problem of the section is reported at once', () => {
    expect(problems({ slo: { ...SLO, apiAvailability: { targetPercent: 50, windowDays: 1 }, slowBurn: 'sms' } })).toEqual([
      'production: slo.apiAvailability.targetPercent: must be 93.1-99.99 (%): below 93.1 a 14.4x burn rate cannot happen and the fast-burn page never fires (got 50)',
      'production: slo.apiAvailability.windowDays: must be 7-30 days (got 1)',
      'production: slo.slowBurn: must be "page" or "warn" (got "sms")',
    ]);
  });
});

describe('canary', () => {
  test('optional; every 5 minutes from the environment region by default', () => {
    expect(PRODUCTION.canary).toBeUndefined();
    expect(DEFAULT_CANARY).toEqual({ everyMinutes: 5, secondRegion: null });
    expect(problems({ canary: { everyMinutes: 1, secondRegion: 'eu-central-1' } })).toEqual([]);
  });

  test.each([
    [{ everyMinutes: 0, secondRegion: null }, 'canary.everyMinutes: must be 1-60 minutes (got 0)'],
    [{ everyMinutes: 2.5, secondRegion: null }, 'canary.everyMinutes: must be a whole number of minutes (got 2.5)'],
    [{ everyMinutes: 5, secondRegion: 'mars-east-1' }, 'canary.secondRegion: must be a commercial AWS region, e.g. eu-central-1 (got "mars-east-1")'],
    [{ everyMinutes: 5, secondRegion: 'eu-west-1' }, `canary.secondRegion: must differ from the environment's region (eu-west-1): the canary already runs there (got "eu-west-1")`],
  ])('%j is refused, naming the field and what is allowed', (canary, message) => {
    expect(problems({ canary })).toEqual([`production: ${message}`]);
  });
});
