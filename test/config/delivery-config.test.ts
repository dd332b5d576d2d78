import { configWith, problemsWith } from '../helpers/configs';
import { deploymentMinutes, linearSteps, rollbackEstimate, shiftMinutes } from '../../lib/config/delivery-timing';

const canary = { strategy: 'canary', canaryPercent: 10, canaryIntervalMinutes: 5, bakeTimeMinutes: 10 };

describe('delivery config', () => {
  test('production shifts the backend by canary and the frontend all at once; staging rolls', () => {
    expect(configWith('production', {}).delivery).toEqual({ backend: canary, frontend: { strategy: 'blueGreen', bakeTimeMinutes: 10 } });
    expect(configWith('staging', {}).delivery).toEqual({ backend: { strategy: 'rolling' }, frontend: { strategy: 'rolling' } });
  });

  test('every strategy with its own fields is accepted', () => {
    for (const backend of [
      { strategy: 'rolling' },
      { strategy: 'blueGreen', bakeTimeMinutes: 0 },
      { strategy: 'canary', canaryPercent: 0.1, canaryIntervalMinutes: 0, bakeTimeMinutes: 45 },
      { strategy: 'linear', stepPercent: 3, stepIntervalMinutes: 1, bakeTimeMinutes: 12 },
    ]) {
      expect(problemsWith('staging', { delivery: { backend, frontend: { strategy: 'rolling' } } })).toEqual([]);
    }
  });

  test('an unknown strategy names the allowed ones', () => {
    expect(problemsWith('staging', { delivery: { backend: { strategy: 'allAtOnce' } } })).toEqual([
      'staging: delivery.backend.strategy: must be {"strategy": "rolling" | "blueGreen" | "canary" | "linear", ...} (got "allAtOnce")',
    ]);
  });

  test('canary and linear percentages outside what ECS accepts, or not in steps of 0.1, are refused', () => {
    const problems = (backend: object) => problemsWith('staging', { delivery: { backend } });
    expect(problems({ ...canary, canaryPercent: 0 })).toEqual(['staging: delivery.backend.canaryPercent: canary percentage must be between 0.1 and 100 (%) (got 0)']);
    expect(problems({ ...canary, canaryPercent: 100.1 })).toEqual(['staging: delivery.backend.canaryPercent: canary percentage must be between 0.1 and 100 (%) (got 100.1)']);
    expect(problems({ ...canary, canaryPercent: 12.25 })).toEqual(['staging: delivery.backend.canaryPercent: canary percentage must be a multiple of 0.1 (%) (got 12.25)']);
    const linear = { strategy: 'linear', stepPercent: 10, stepIntervalMinutes: 3, bakeTimeMinutes: 5 };
    expect(problems({ ...linear, stepPercent: 2.9 })).toEqual(['staging: delivery.backend.stepPercent: linear step must be between 3 and 100 (%) (got 2.9)']);
  });

  test('intervals and bake times must be whole minutes from 0 to 1440', () => {
    const problems = (backend: object) => problemsWith('staging', { delivery: { backend } });
    expect(problems({ ...canary, canaryIntervalMinutes: 1.5 })).toEqual([
      'staging: delivery.backend.canaryIntervalMinutes: canary interval must be a whole number of minutes (got 1.5)',
    ]);
    expect(problems({ strategy: 'blueGreen', bakeTimeMinutes: -1 })).toEqual(['staging: delivery.backend.bakeTimeMinutes: bake time must be between 0 and 1440 minutes (got -1)']);
    expect(problems({ strategy: 'blueGreen', bakeTimeMinutes: 1441 })).toEqual(
      expect.arrayContaining(['staging: delivery.backend.bakeTimeMinutes: bake time must be between 0 and 1440 minutes (got 1441)']),
    );
  });

  test('a field of another strategy is refused (ECS rejects a canary configuration on a linear deployment)', () => {
    const problems = problemsWith('staging', { delivery: { backend: { strategy: 'linear', stepPercent: 10, stepIntervalMinutes: 3, bakeTimeMinutes: 5, canaryPercent: 5 } } });
    expect(problems).toHaveLength(1);
    expect(problems).toEqual(['staging: delivery.backend.canaryPercent: is not a known field; remove it or check its spelling (got 5)']);
    expect(problemsWith('staging', { delivery: { frontend: { strategy: 'rolling', bakeTimeMinutes: 5 } } })).toEqual([
      'staging: delivery.frontend.bakeTimeMinutes: is not a known field; remove it or check its spelling (got 5)',
    ]);
  });

  test('a shift and bake longer than the CI session allows is refused with the total', () => {
    expect(problemsWith('staging', { delivery: { backend: { strategy: 'linear', stepPercent: 10, stepIntervalMinutes: 5, bakeTimeMinutes: 10 } } })).toEqual([
      'staging: delivery.backend: traffic shift and bake take 55 minutes; at most 45 so the deploy ends inside the CI deploy role\'s 1-hour session (shorten the intervals or the bake time) (got {"strategy":"linear","stepPercent":10,"stepIntervalMinutes":5,"bakeTimeMinute...)',
    ]);
  });
});

describe('delivery timing', () => {
  test('linear steps follow CloudFormation: 100/step - 1 when step divides 100, else floor(100/step)', () => {
    expect(linearSteps(10)).toBe(9);
    expect(linearSteps(11)).toBe(9);
    expect(linearSteps(25)).toBe(3);
    expect(linearSteps(3)).toBe(33);
    expect(linearSteps(100)).toBe(0);
  });

  test('shift and deployment minutes per strategy', () => {
    expect(deploymentMinutes({ strategy: 'rolling' })).toBe(0);
    expect(deploymentMinutes({ strategy: 'blueGreen', bakeTimeMinutes: 10 })).toBe(10);
    expect(shiftMinutes({ strategy: 'canary', canaryPercent: 10, canaryIntervalMinutes: 5, bakeTimeMinutes: 10 })).toBe(5);
    expect(deploymentMinutes({ strategy: 'canary', canaryPercent: 10, canaryIntervalMinutes: 5, bakeTimeMinutes: 10 })).toBe(15);
    expect(deploymentMinutes({ strategy: 'linear', stepPercent: 25, stepIntervalMinutes: 4, bakeTimeMinutes: 6 })).toBe(18);
  });

  const alarms = [
    { periodMinutes: 1, evaluationPeriods: 2 },
    { periodMinutes: 1, evaluationPeriods: 3 },
  ];

  test('rolling back takes the fastest alarm plus the metric delay, then task replacement or one traffic switch', () => {
    expect(rollbackEstimate({ strategy: 'rolling' }, alarms)).toEqual({
      detectMinutes: 3,
      restoreMinutes: 4,
      totalMinutes: 7,
      exposedPercent: 100,
      nativeRollbackWindowMinutes: 4,
    });
    expect(rollbackEstimate({ strategy: 'blueGreen', bakeTimeMinutes: 10 }, alarms)).toEqual({
      detectMinutes: 3,
      restoreMinutes: 1,
      totalMinutes: 4,
      exposedPercent: 100,
      nativeRollbackWindowMinutes: 10,
    });
  });

  test('a canary caught inside its interval exposes only the canary share; a linear one the steps shifted so far', () => {
    expect(rollbackEstimate({ strategy: 'canary', canaryPercent: 10, canaryIntervalMinutes: 5, bakeTimeMinutes: 10 }, alarms)).toMatchObject({
      totalMinutes: 4,
      exposedPercent: 10,
    });
    expect(rollbackEstimate({ strategy: 'canary', canaryPercent: 10, canaryIntervalMinutes: 2, bakeTimeMinutes: 10 }, alarms)).toMatchObject({ exposedPercent: 100 });
    expect(rollbackEstimate({ strategy: 'linear', stepPercent: 10, stepIntervalMinutes: 2, bakeTimeMinutes: 5 }, alarms)).toMatchObject({
      exposedPercent: 20,
      nativeRollbackWindowMinutes: 23,
    });
    expect(() => rollbackEstimate({ strategy: 'rolling' }, [])).toThrow('rollbackEstimate needs at least one deployment alarm');
  });
});
