import { deploymentMinutes, linearSteps, rollbackEstimate, shiftMinutes } from '../../lib/config/delivery-timing';

const alarm = (periodMinutes: number, evaluationPeriods: number) => ({ periodMinutes, evaluationPeriods });
const linear = (stepPercent: number, stepIntervalMinutes: number) => ({ strategy: 'linear' as const, stepPercent, stepIntervalMinutes, bakeTimeMinutes: 7 });
const canary = (canaryIntervalMinutes: number) => ({ strategy: 'canary' as const, canaryPercent: 12.5, canaryIntervalMinutes, bakeTimeMinutes: 7 });

describe('deployment timing', () => {
  test('linear steps after the first shift: one fewer than 100/step when the step divides 100, else the whole steps', () => {
    expect([100, 50, 25, 12.5, 10].map(linearSteps)).toEqual([0, 1, 3, 7, 9]);
    expect([30, 33.3, 3, 99.9].map(linearSteps)).toEqual([3, 3, 33, 1]);
  });

  test('shift and deployment minutes per strategy', () => {
    expect(shiftMinutes(linear(30, 4))).toBe(12);
    expect(deploymentMinutes(linear(30, 4))).toBe(19);
    expect(shiftMinutes(canary(6))).toBe(6);
    expect(deploymentMinutes(canary(6))).toBe(13);
    expect(shiftMinutes({ strategy: 'blueGreen', bakeTimeMinutes: 9 })).toBe(0);
    expect(shiftMinutes({ strategy: 'rolling' })).toBe(0);
  });

  test('the fastest alarm detects, whichever place it has in the list', () => {
    expect(rollbackEstimate({ strategy: 'rolling' }, [alarm(5, 3), alarm(1, 2), alarm(2, 2)]).detectMinutes).toBe(3);
    expect(rollbackEstimate({ strategy: 'rolling' }, [alarm(5, 1)])).toEqual({
      detectMinutes: 6,
      restoreMinutes: 4,
      totalMinutes: 10,
      exposedPercent: 100,
      nativeRollbackWindowMinutes: 4,
    });
  });

  test('a canary caught at the end of its interval, to the minute, exposes only the canary share', () => {
    // Detected after 2 evaluation minutes plus the 1-minute metric delay.
    const alarms = [alarm(1, 2)];
    expect(rollbackEstimate(canary(2), alarms).exposedPercent).toBe(100);
    expect(rollbackEstimate(canary(3), alarms)).toEqual({ detectMinutes: 3, restoreMinutes: 1, totalMinutes: 4, exposedPercent: 12.5, nativeRollbackWindowMinutes: 10 });
    expect(rollbackEstimate(canary(4), alarms).exposedPercent).toBe(12.5);
  });

  test('linear exposure counts the shifts made until detection, in tenths, at most 100', () => {
    const alarms = [alarm(1, 4)]; // detected after 5 minutes
    expect(rollbackEstimate(linear(33.3, 2), alarms).exposedPercent).toBe(99.9); // shifts at 0, 2 and 4 minutes
    expect(rollbackEstimate(linear(10, 5), alarms).exposedPercent).toBe(20); // shifts at 0 and 5
    expect(rollbackEstimate(linear(10, 6), alarms).exposedPercent).toBe(10);
    expect(rollbackEstimate(linear(40, 1), alarms).exposedPercent).toBe(100);
    // All steps at once when the interval is 0.
    expect(rollbackEstimate(linear(10, 0), alarms)).toEqual({ detectMinutes: 5, restoreMinutes: 1, totalMinutes: 6, exposedPercent: 100, nativeRollbackWindowMinutes: 7 });
  });
});
