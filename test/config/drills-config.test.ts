import { drillSettings, networkFaultsEnabled } from '../../lib/config/drills';
import { problemsWith } from '../helpers/configs';

const problems = (drills: object) => problemsWith('staging', { drills });

describe('drills config', () => {
  test('each setting is a whole number within its range, bounds included', () => {
    expect(problems({ stopTaskPercent: 1, latencyMs: 5000, packetLossPercent: 100, durationMinutes: 30 })).toEqual([]);
    expect(problems({ stopTaskPercent: 100, latencyMs: 1, packetLossPercent: 1, durationMinutes: 1 })).toEqual([]);
    expect(problems({ stopTaskPercent: 0, latencyMs: 5001, packetLossPercent: 101, durationMinutes: 0 })).toEqual([
      'staging: drills.stopTaskPercent: must be 1-100 (%) (got 0)',
      'staging: drills.latencyMs: must be 1-5000 milliseconds (got 5001)',
      'staging: drills.packetLossPercent: must be 1-100 (%) (got 101)',
      'staging: drills.durationMinutes: must be 1-30 minutes (got 0)',
    ]);
    // FIS action durations run from one minute to 12 hours; a drill stays within 30 minutes.
    expect(problems({ stopTaskPercent: 12.5, durationMinutes: 31 })).toEqual([
      'staging: drills.stopTaskPercent: must be a whole number, 1-100 (%) (got 12.5)',
      'staging: drills.durationMinutes: must be 1-30 minutes (got 31)',
    ]);
  });

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
