import { formatUptime } from '../../../lambda/status-page/render-html';
import { statusFromLatest, uptimePercent } from '../../../lambda/status-page/uptime';

const now = new Date('2030-01-01T00:10:00Z');
const ago = (s: number) => new Date(now.getTime() - s * 1000);

describe('uptimePercent', () => {
  test.each([
    [[], null],
    [[1, 1, 1, 1], 100],
    [[1, 0], 50],
    [[1, 1, 1, 0.5], 87.5],
    [[2 / 3], 66.666],
    [[1, 1, 0.99999], 99.999],
    [[0], 0],
  ])('mean of %j is %p %', (periods, expected) => {
    expect(uptimePercent(periods)).toBe(expected);
  });

  test('a period average just short of 1 never shows as 100.00%', () => {
    expect(formatUptime(uptimePercent(Array(719).fill(1).concat([0.99])))).toBe('99.99%');
    expect(formatUptime(100)).toBe('100.00%');
    expect(formatUptime(null)).toBe('no data');
  });
});

describe('statusFromLatest', () => {
  test.each([
    [undefined, 'unknown'],
    [{ timestamp: ago(60), value: 1 }, 'operational'],
    [{ timestamp: ago(60), value: 0 }, 'outage'],
    [{ timestamp: ago(60), value: 0.5 }, 'degraded'],
    [{ timestamp: ago(300), value: 1 }, 'operational'],
    [{ timestamp: ago(301), value: 1 }, 'unknown'],
    [{ timestamp: ago(301), value: 0 }, 'unknown'],
  ])('%j is %s', (latest, expected) => {
    expect(statusFromLatest(latest, now)).toBe(expected);
  });
});
