import { loadSettings } from '../../../lambda/status-page/settings';

const PAGE_URL = 'https://status.example.com';

test('defaults: namespace, alarm prefix from the environment, site name, 30 s cache', () => {
  expect(loadSettings({ ENV_NAME: 'staging', PAGE_URL })).toEqual({
    envName: 'staging',
    metricNamespace: 'FlashcardLMS/Health',
    alarmPrefix: 'staging-',
    publicIncidents: {},
    siteName: 'Flashcard LMS',
    cacheMs: 30_000,
    pageUrl: 'https://status.example.com',
  });
});

test('explicit values win, including a cache of 0', () => {
  expect(loadSettings({ ENV_NAME: 'production', ALARM_PREFIX: 'prod-', SITE_NAME: 'Cards', METRIC_NAMESPACE: 'X/Y', CACHE_SECONDS: '0', PAGE_URL: `${PAGE_URL}//` })).toEqual({
    envName: 'production',
    metricNamespace: 'X/Y',
    alarmPrefix: 'prod-',
    publicIncidents: {},
    siteName: 'Cards',
    cacheMs: 0,
    pageUrl: 'https://status.example.com',
  });
});

describe('PUBLIC_INCIDENTS', () => {
  const notice = { title: 'Elevated API errors', text: 'Some requests to the API fail.' };
  const load = (value: unknown) => loadSettings({ ENV_NAME: 'production', PAGE_URL, PUBLIC_INCIDENTS: typeof value === 'string' ? value : JSON.stringify(value) });

  test('maps each public alarm to the title and text users see', () => {
    expect(load({ 'production-backend-5xx-rate': notice }).publicIncidents).toEqual({ 'production-backend-5xx-rate': notice });
  });

  test('a title of 80 and a text of 300 characters are accepted; one more is refused', () => {
    expect(load({ 'production-a': { title: 't'.repeat(80), text: 'x'.repeat(300) } }).publicIncidents['production-a'].text).toHaveLength(300);
    expect(() => load({ 'production-a': { title: 't'.repeat(81), text: 'x'.repeat(301) } })).toThrow(
      [
        ` - PUBLIC_INCIDENTS "production-a".title is "${'t'.repeat(81)}" (expected 1 to 80 characters)`,
        ` - PUBLIC_INCIDENTS "production-a".text is "${'x'.repeat(301)}" (expected 1 to 300 characters)`,
      ].join('\n'),
    );
  });

  test('every problem is named: other environments, missing fields, extra fields, bad JSON', () => {
    expect(() => load({ 'staging-a': notice, 'production-b': { title: 'B' }, 'production-c': { ...notice, reason: 'x' } })).toThrow(
      [
        'Invalid status-page settings:',
        ' - PUBLIC_INCIDENTS alarm "staging-a" is not an alarm name starting with "production-" (the environment\'s alarms only)',
        ' - PUBLIC_INCIDENTS "production-b".text is missing (expected 1 to 300 characters)',
        ' - PUBLIC_INCIDENTS "production-c" has reason (expected only title and text)',
      ].join('\n'),
    );
    expect(() => load('[1]')).toThrow('PUBLIC_INCIDENTS is not a JSON object (expected {"<alarm name>": {"title": "...", "text": "..."}})');
    expect(() => load(Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`production-${i}`, notice])))).toThrow('PUBLIC_INCIDENTS lists 21 alarms (expected at most 20)');
  });

  test('alarm names: CloudWatch characters, up to 255 of them', () => {
    const long = `production-${'x'.repeat(244)}`;
    expect(Object.keys(load({ [long]: notice }).publicIncidents)).toEqual([long]);
    expect(() => load({ [`${long}x`]: notice })).toThrow(`PUBLIC_INCIDENTS alarm "${long}x" is not an alarm name`);
    for (const bad of ['production-a b', 'production-a/b', 'production-a\nb']) expect(() => load({ [bad]: notice })).toThrow(`alarm "${bad}" is not an alarm name`);
  });

  test('20 alarms are accepted; blank or padded words are trimmed or refused; a blank value means none', () => {
    expect(Object.keys(load(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`production-${i}`, notice]))).publicIncidents)).toHaveLength(20);
    expect(load({ 'production-a': { title: '  A  ', text: ' B ' } }).publicIncidents['production-a']).toEqual({ title: 'A', text: 'B' });
    expect(() => load({ 'production-a': { title: '   ', text: 'B' } })).toThrow('PUBLIC_INCIDENTS "production-a".title is "   " (expected 1 to 80 characters)');
    expect(() => load({ 'production-a': 'just text' })).toThrow(
      'PUBLIC_INCIDENTS "production-a".title is missing (expected 1 to 80 characters)\n - PUBLIC_INCIDENTS "production-a".text is missing (expected 1 to 300 characters)',
    );
    expect(() => load({ 'production-a': { title: 7, text: 'B' } })).toThrow('PUBLIC_INCIDENTS "production-a".title is 7 (expected 1 to 80 characters)');
    expect(() => load('not json')).toThrow('PUBLIC_INCIDENTS is not a JSON object');
    expect(() => load('null')).toThrow('PUBLIC_INCIDENTS is not a JSON object');
    expect(load('  ').publicIncidents).toEqual({});
  });

  test('a notice that is not an object, a list that is not an object, several extra fields: each named exactly', () => {
    const problems = (value: unknown) => {
      try {
        load(value);
      } catch (error) {
        return (error as Error).message.split('\n').slice(1);
      }
      return [];
    };
    expect(problems({ 'production-a': 'just text' })).toEqual([
      ' - PUBLIC_INCIDENTS "production-a".title is missing (expected 1 to 80 characters)',
      ' - PUBLIC_INCIDENTS "production-a".text is missing (expected 1 to 300 characters)',
    ]);
    expect(problems({ 'production-a': null })).toEqual([
      ' - PUBLIC_INCIDENTS "production-a".title is missing (expected 1 to 80 characters)',
      ' - PUBLIC_INCIDENTS "production-a".text is missing (expected 1 to 300 characters)',
    ]);
    for (const notObject of ['7', '"text"', 'true']) {
      expect(problems(notObject)).toEqual([' - PUBLIC_INCIDENTS is not a JSON object (expected {"<alarm name>": {"title": "...", "text": "..."}})']);
    }
    expect(problems({ 'production-a': { ...notice, reason: 'x', note: 'y' } })).toEqual([' - PUBLIC_INCIDENTS "production-a" has reason, note (expected only title and text)']);
  });

  test('the old PUBLIC_ALARMS is refused rather than silently ignored', () => {
    expect(() => loadSettings({ ENV_NAME: 'production', PUBLIC_ALARMS: 'production-site-down' })).toThrow('PUBLIC_ALARMS is no longer read');
  });
});

test('every problem is named with the value and what is allowed', () => {
  expect(() => loadSettings({ CACHE_SECONDS: '30s' })).toThrow(
    new Error(
      [
        'Invalid status-page settings:',
        ' - ENV_NAME is not set (expected the environment name, e.g. production)',
        ' - CACHE_SECONDS is "30s" (expected a whole number of seconds from 0 to 3600)',
        ' - PAGE_URL is not set (expected the public https address of this page, e.g. https://status.example.com)',
      ].join('\n'),
    ),
  );
  expect(() => loadSettings({ ENV_NAME: 'production', PAGE_URL: 'http://status.example.com' })).toThrow(
    'PAGE_URL is "http://status.example.com" (expected the public https address of this page, e.g. https://status.example.com)',
  );
});

test('the handler refuses to start without its settings', () => {
  const saved = process.env;
  process.env = { ...saved, ENV_NAME: '' };
  try {
    jest.isolateModules(() => {
      expect(() => require('../../../lambda/status-page/index')).toThrow('Invalid status-page settings:\n - ENV_NAME is not set');
    });
  } finally {
    process.env = saved;
  }
});
