import { AlarmHistoryItem, CloudWatchClient, DescribeAlarmHistoryCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { createHash } from 'node:crypto';
import { INCIDENT_WINDOW_MS, pairIncidents, readAlarmHistory } from '../../../lambda/status-page/incidents';
import { NOW } from './fixtures';

const cloudwatch = mockClient(CloudWatchClient);
beforeEach(() => cloudwatch.reset());

const MIN = 60_000;
const API = 'production-api-5xx-rate';
const DB = 'production-database-down';
const NOTICES = { [API]: { title: 'Elevated API errors', text: 'Some requests fail.' }, [DB]: { title: 'Database unavailable', text: 'Cards cannot be saved.' } };
const iso = (minutesAgo: number) => new Date(NOW.getTime() - minutesAgo * MIN).toISOString();
const hashOf = (alarm: string) => createHash('sha256').update(alarm).digest('hex').slice(0, 12);

/** A state change as DescribeAlarmHistory returns it, `minutesAgo` before NOW. */
const change = (alarm: string, minutesAgo: number, from: string, to: string): AlarmHistoryItem => ({
  AlarmName: alarm,
  Timestamp: new Date(NOW.getTime() - minutesAgo * MIN),
  HistoryItemType: 'StateUpdate',
  HistorySummary: `Alarm updated from ${from} to ${to}`,
  HistoryData: JSON.stringify({ oldState: { stateValue: from }, newState: { stateValue: to } }),
});

/** Title, start, end and flags: what the page shows of each incident, in the order shown. */
const shown = (items: AlarmHistoryItem[]) => pairIncidents(items, NOTICES, NOW).map((i) => [i.title, i.start, i.end, i.ongoing, i.started_before_window]);

describe('pairing state changes into incidents', () => {
  test('INSUFFICIENT_DATA neither opens nor ends one: ALARM, no data, ALARM again, OK is one incident from the first ALARM', () => {
    const items = [change(API, 50, 'OK', 'ALARM'), change(API, 40, 'ALARM', 'INSUFFICIENT_DATA'), change(API, 30, 'INSUFFICIENT_DATA', 'ALARM'), change(API, 20, 'ALARM', 'OK')];
    expect(shown(items)).toEqual([['Elevated API errors', iso(50), iso(20), false, false]]);
    // The same, ending through no data: the OK after INSUFFICIENT_DATA still closes what the ALARM opened.
    const viaNoData = [change(API, 50, 'OK', 'ALARM'), change(API, 40, 'ALARM', 'INSUFFICIENT_DATA'), change(API, 20, 'INSUFFICIENT_DATA', 'OK')];
    expect(shown(viaNoData)).toEqual([['Elevated API errors', iso(50), iso(20), false, false]]);
  });

  test('an OK that does not come from ALARM, with nothing open, is no incident', () => {
    expect(shown([change(API, 20, 'INSUFFICIENT_DATA', 'OK'), change(DB, 10, 'OK', 'INSUFFICIENT_DATA')])).toEqual([]);
  });

  test('an OK from ALARM with no ALARM in the window began before it: it starts at the window start and is named by its end', () => {
    const [only] = pairIncidents([change(API, 100, 'ALARM', 'OK')], NOTICES, NOW);
    expect(only).toEqual({
      id: `${hashOf(API)}-until-${iso(100).replace(/[-:]|\.\d+/g, '')}`,
      title: 'Elevated API errors',
      summary: 'Some requests fail.',
      start: new Date(NOW.getTime() - INCIDENT_WINDOW_MS).toISOString(),
      end: iso(100),
      ongoing: false,
      started_before_window: true,
    });
    expect(INCIDENT_WINDOW_MS).toBe(7 * 24 * 60 * MIN);
  });

  test('the same alarm going off twice is two incidents, each with its own id', () => {
    const incidents = pairIncidents([change(API, 90, 'OK', 'ALARM'), change(API, 80, 'ALARM', 'OK'), change(API, 30, 'OK', 'ALARM'), change(API, 20, 'ALARM', 'OK')], NOTICES, NOW);
    expect(incidents.map((i) => [i.id, i.start, i.end])).toEqual([
      [`${hashOf(API)}-${iso(30).replace(/[-:]|\.\d+/g, '')}`, iso(30), iso(20)],
      [`${hashOf(API)}-${iso(90).replace(/[-:]|\.\d+/g, '')}`, iso(90), iso(80)],
    ]);
  });

  test('ongoing ones first, then resolved ones, each newest first, whatever order the items come in', () => {
    const items = [
      change(API, 300, 'OK', 'ALARM'),
      change(API, 290, 'ALARM', 'OK'),
      change(DB, 200, 'OK', 'ALARM'),
      change(DB, 190, 'ALARM', 'OK'),
      change(API, 100, 'OK', 'ALARM'),
      change(DB, 50, 'OK', 'ALARM'),
    ];
    const expected = [
      ['Database unavailable', iso(50), null, true, false],
      ['Elevated API errors', iso(100), null, true, false],
      ['Database unavailable', iso(200), iso(190), false, false],
      ['Elevated API errors', iso(300), iso(290), false, false],
    ];
    expect(shown(items)).toEqual(expected);
    expect(shown([...items].reverse())).toEqual(expected);
    expect(shown([items[3], items[0], items[5], items[2], items[4], items[1]])).toEqual(expected);
  });

  test('an item without a name or a time is ignored; one without readable data falls back to the summary line', () => {
    const noTime = { ...change(API, 10, 'OK', 'ALARM'), Timestamp: undefined };
    const noName = { ...change(API, 10, 'OK', 'ALARM'), AlarmName: undefined };
    expect(shown([noTime, noName])).toEqual([]);

    const summaryOnly = (minutesAgo: number, from: string, to: string, data?: string): AlarmHistoryItem => ({ ...change(DB, minutesAgo, from, to), HistoryData: data });
    expect(shown([summaryOnly(60, 'OK', 'ALARM'), summaryOnly(40, 'ALARM', 'OK', 'not json')])).toEqual([['Database unavailable', iso(60), iso(40), false, false]]);
    // Data without the states, or without either field: the summary says what happened.
    expect(shown([summaryOnly(60, 'OK', 'ALARM', '{"version":"1.0"}'), summaryOnly(40, 'ALARM', 'OK', '{"oldState":{},"newState":{}}')])).toEqual([
      ['Database unavailable', iso(60), iso(40), false, false],
    ]);
    // Neither data nor summary: nothing is known, nothing is shown.
    expect(shown([{ ...change(DB, 60, 'OK', 'ALARM'), HistoryData: undefined, HistorySummary: undefined }])).toEqual([]);
  });

  test('the data wins over the summary line when both are there', () => {
    const item = { ...change(DB, 60, 'OK', 'ALARM'), HistorySummary: 'Alarm updated from ALARM to OK' };
    expect(shown([item])).toEqual([['Database unavailable', iso(60), null, true, false]]);
    // Where the move came from decides whether an OK closes an incident begun before the window.
    const fromNoData = { ...change(DB, 60, 'INSUFFICIENT_DATA', 'OK'), HistorySummary: 'Alarm updated from ALARM to OK' };
    expect(shown([fromNoData])).toEqual([]);
  });
});

describe('reading the alarm history', () => {
  test('pages are read in order and joined; a page without items adds none', async () => {
    cloudwatch
      .on(DescribeAlarmHistoryCommand, { NextToken: undefined })
      .resolves({ AlarmHistoryItems: [change(API, 50, 'OK', 'ALARM')], NextToken: 'p2' })
      .on(DescribeAlarmHistoryCommand, { NextToken: 'p2' })
      .resolves({ NextToken: 'p3' })
      .on(DescribeAlarmHistoryCommand, { NextToken: 'p3' })
      .resolves({ AlarmHistoryItems: [change(API, 20, 'ALARM', 'OK')] });
    const items = await readAlarmHistory(new CloudWatchClient({}), 'production-', [API], NOW);
    expect(items.map((i) => i.HistorySummary)).toEqual(['Alarm updated from OK to ALARM', 'Alarm updated from ALARM to OK']);
    expect(cloudwatch.commandCalls(DescribeAlarmHistoryCommand).map((c) => c.args[0].input.NextToken)).toEqual([undefined, 'p2', 'p3']);
  });

  test('the week asked for ends now and starts exactly 7 days before', async () => {
    cloudwatch.on(DescribeAlarmHistoryCommand).resolves({});
    await readAlarmHistory(new CloudWatchClient({}), 'production-', [API], NOW);
    const [input] = cloudwatch.commandCalls(DescribeAlarmHistoryCommand).map((c) => c.args[0].input);
    expect([input.StartDate?.toISOString(), input.EndDate?.toISOString()]).toEqual(['2030-01-01T12:00:30.000Z', '2030-01-08T12:00:30.000Z']);
  });
});
