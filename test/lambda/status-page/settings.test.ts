import { loadSettings } from '../../../lambda/status-page/settings';

test('defaults: namespace, alarm prefix from the environment, site name, 30 s cache', () => {
  expect(loadSettings({ ENV_NAME: 'staging' })).toEqual({
    envName: 'staging',
    metricNamespace: 'FlashcardLMS/Health',
    alarmPrefix: 'staging-',
    siteName: 'Flashcard LMS',
    cacheMs: 30_000,
  });
});

test('explicit values win, including a cache of 0', () => {
  expect(loadSettings({ ENV_NAME: 'production', ALARM_PREFIX: 'prod-', SITE_NAME: 'Cards', METRIC_NAMESPACE: 'X/Y', CACHE_SECONDS: '0' })).toEqual({
    envName: 'production', metricNamespace: 'X/Y', alarmPrefix: 'prod-', siteName: 'Cards', cacheMs: 0,
  });
});

test('PUBLIC_ALARMS limits the public incidents to the listed alarms', () => {
  expect(loadSettings({ ENV_NAME: 'production', PUBLIC_ALARMS: 'production-site-down, production-database-connection-down' }).publicAlarms).toEqual([
    'production-site-down',
    'production-database-connection-down',
  ]);
  expect(() => loadSettings({ ENV_NAME: 'production', PUBLIC_ALARMS: 'a,,b' })).toThrow('PUBLIC_ALARMS is "a,,b" (expected a comma-separated list of alarm names, without empty items)');
});

test('every problem is named with the value and what is allowed', () => {
  expect(() => loadSettings({ CACHE_SECONDS: '30s' })).toThrow(
    new Error(
      'Invalid status-page settings:\n - ENV_NAME is not set (expected the environment name, e.g. production)\n - CACHE_SECONDS is "30s" (expected a whole number of seconds from 0 to 3600)',
    ),
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
