import { HH_MM, isTimeZone, minutesOf, OFF_HOURS_STEPS, stepTime } from '../../lib/config/off-hours';

describe('off-hours schedule', () => {
  test('times are "hh:mm" on a 24-hour clock', () => {
    for (const ok of ['00:00', '09:05', '19:59', '23:59']) expect(HH_MM.test(ok)).toBe(true);
    for (const bad of ['24:00', '7:00', '12:60', '12:5', 'x12:00', '12:00x', '1200']) expect(HH_MM.test(bad)).toBe(false);
  });

  test('minutes after midnight', () => {
    expect(minutesOf('00:00')).toBe(0);
    expect(minutesOf('08:30')).toBe(510);
    expect(minutesOf('23:59')).toBe(1439);
  });

  test('each step runs at its offset from startAt or stopAt: the database before the services, alarms silenced around both', () => {
    const window = { timezone: 'Europe/Dublin', days: ['MON'] as const, startAt: '08:00', stopAt: '18:30' };
    const at = Object.fromEntries(Object.keys(OFF_HOURS_STEPS).map((step) => [step, stepTime(window, step as keyof typeof OFF_HOURS_STEPS)]));
    expect(at).toEqual({
      silenceAlarms: { hour: 18, minute: 25 },
      stopCanary: { hour: 18, minute: 25 },
      stopDatabase: { hour: 18, minute: 45 },
      startDatabase: { hour: 7, minute: 40 },
      resumeAlarms: { hour: 8, minute: 20 },
      startCanary: { hour: 8, minute: 20 },
      reevaluateAlarms: { hour: 8, minute: 25 },
    });
  });

  test('time zones are IANA region names or UTC, as EventBridge Scheduler takes them', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    // Known to the runtime, but abbreviations are not region names.
    expect(isTimeZone('EST')).toBe(false);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
