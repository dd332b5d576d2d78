// Values derived from config: drill settings with their defaults, the memory Fargate offers per CPU, the times of the off-hours steps.
import { drillSettings, networkFaultsEnabled } from '../../lib/config/drills';
import { describeMemoryFor, FARGATE_CPU_MEMORY } from '../../lib/config/fargate';
import { HH_MM, isTimeZone, minutesOf, OFF_HOURS_STEPS, stepTime } from '../../lib/config/off-hours';

describe('drill settings', () => {
  test('settings default to 50% of tasks, 200 ms, 10% of packets and 5 minutes; drills are on outside production', () => {
    expect(drillSettings({ production: false })).toEqual({ enabled: true, stopTaskPercent: 50, latencyMs: 200, packetLossPercent: 10, durationMinutes: 5 });
    expect(drillSettings({ production: true }).enabled).toBe(false);
    const chosen = { enabled: false, stopTaskPercent: 20, latencyMs: 300, packetLossPercent: 5, durationMinutes: 15 };
    expect(drillSettings({ production: false, drills: chosen })).toEqual(chosen);
    expect(drillSettings({ production: true, drills: { enabled: true } }).enabled).toBe(true);
  });

  test('network faults need drills on and ECS Exec off', () => {
    const env = (enabled: boolean, enableExecuteCommand: boolean) => ({ production: false, drills: { enabled }, services: { enableExecuteCommand } });
    expect(networkFaultsEnabled(env(true, false))).toBe(true);
    expect(networkFaultsEnabled(env(true, true))).toBe(false);
    expect(networkFaultsEnabled(env(false, false))).toBe(false);
    expect(networkFaultsEnabled(env(false, true))).toBe(false);
  });
});

const GiB = 1024;

describe('Fargate sizes', () => {
  test('memory per CPU size is the table of the ECS task definition reference', () => {
    expect(Object.keys(FARGATE_CPU_MEMORY).map(Number)).toEqual([256, 512, 1024, 2048, 4096, 8192, 16384]);
    expect(FARGATE_CPU_MEMORY[256]).toEqual([512, 1024, 2048]);
    expect(FARGATE_CPU_MEMORY[512]).toEqual([1024, 2048, 3072, 4096]);
    expect(FARGATE_CPU_MEMORY[1024]).toEqual([2048, 3072, 4096, 5120, 6144, 7168, 8192]);
    const steps = (from: number, to: number, step: number) => [from, from + step, to - step, to, (to - from) / step + 1];
    const summary = (sizes: readonly number[]) => [sizes[0], sizes[1], sizes[sizes.length - 2], sizes[sizes.length - 1], sizes.length];
    expect(summary(FARGATE_CPU_MEMORY[2048])).toEqual(steps(4 * GiB, 16 * GiB, GiB));
    expect(summary(FARGATE_CPU_MEMORY[4096])).toEqual(steps(8 * GiB, 30 * GiB, GiB));
    expect(summary(FARGATE_CPU_MEMORY[8192])).toEqual(steps(16 * GiB, 60 * GiB, 4 * GiB));
    expect(summary(FARGATE_CPU_MEMORY[16384])).toEqual(steps(32 * GiB, 120 * GiB, 8 * GiB));
  });

  test('the memory a CPU size allows reads as a list or a range with its step', () => {
    expect(describeMemoryFor(256)).toBe('512, 1024, 2048');
    expect(describeMemoryFor(512)).toBe('1024-4096 in steps of 1024');
    expect(describeMemoryFor(8192)).toBe('16384-61440 in steps of 4096');
    expect(describeMemoryFor(16384)).toBe('32768-122880 in steps of 8192');
    expect(describeMemoryFor(300)).toBe('cpu must be one of 256, 512, 1024, 2048, 4096, 8192, 16384');
  });
});

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
