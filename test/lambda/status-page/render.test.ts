import { DayBar } from '../../../lambda/status-page/daily-history';
import { ServiceReport, ServiceStatus, StatusSnapshot } from '../../../lambda/status-page/model';
import { renderHtml } from '../../../lambda/status-page/render-html';
import { escapeHtml } from '../../../lambda/status-page/html-escape';
import { incident } from './fixtures';

const bars = (today: DayBar['status'] = 'operational'): DayBar[] =>
  Array.from({ length: 90 }, (_, i) =>
    i === 89 ? { date: '2030-01-08', uptime: today === 'no_data' ? null : 99.95, status: today } : { date: `d${i}`, uptime: 100, status: 'operational' },
  );

const service = (name: string, status: ServiceStatus, history = bars()): ServiceReport => ({
  name,
  status,
  last_checked: '2030-01-08T11:59:30.000Z',
  uptime: { '24h': 100, '30d': 99.5, '90d': 99.25 },
  history,
});

function snapshot(over: Partial<StatusSnapshot> = {}, statuses: ServiceStatus[] = ['operational', 'operational', 'operational', 'operational']): StatusSnapshot {
  return {
    site: 'Flashcard LMS',
    environment: 'production',
    status: 'operational',
    services: {
      api: service('API', statuses[0]),
      web: service('Web app', statuses[1]),
      database: service('Database', statuses[2]),
      cache: service('Cache', statuses[3]),
    },
    incidents: [],
    last_updated: '2030-01-08T12:00:30.000Z',
    stale: false,
    ...over,
  };
}

describe('banner', () => {
  test.each([
    ['operational', 'All systems operational'],
    ['degraded', 'Some systems degraded'],
    ['major_outage', 'Major outage'],
  ] as const)('%s reads "%s"', (status, text) => {
    expect(renderHtml(snapshot({ status }))).toContain(`<div class="banner ${status}" role="status" data-testid="overall">${text}</div>`);
  });

  test('no service has ever reported: "No health data yet", not "degraded"', () => {
    const empty = snapshot({ status: 'degraded' }, ['unknown', 'unknown', 'unknown', 'unknown']);
    const none = Object.fromEntries(
      Object.entries(empty.services).map(([id, svc]) => [id, { ...svc, history: bars('no_data').map((d) => ({ ...d, uptime: null, status: 'no_data' as const })) }]),
    );
    expect(renderHtml({ ...empty, services: none as unknown as StatusSnapshot['services'] })).toContain(
      '<div class="banner unknown" role="status" data-testid="overall">No health data yet</div>',
    );
    // One past day with checks among days without: the real state shows.
    const oneDay = Object.fromEntries(Object.entries(none).map(([id, svc]) => [id, { ...svc, history: svc.history.map((d, i) => (i === 0 ? { ...d, uptime: 100 } : d)) }]));
    expect(renderHtml({ ...empty, services: oneDay as unknown as StatusSnapshot['services'] })).toContain('<div class="banner degraded"');
    // One service with a past day of checks, or one reporting now: the real state shows.
    expect(renderHtml(empty)).toContain('<div class="banner degraded"');
    const oneReporting = { ...none, api: { ...none.api, status: 'operational' as const } };
    expect(renderHtml({ ...empty, services: oneReporting as unknown as StatusSnapshot['services'] })).toContain('<div class="banner degraded"');
  });
});

describe('services', () => {
  test.each([
    ['operational', 'Operational'],
    ['degraded', 'Degraded'],
    ['outage', 'Outage'],
    ['unknown', 'No recent data'],
  ] as const)('a service %s shows "%s"', (status, text) => {
    expect(renderHtml(snapshot({}, [status, 'operational', 'operational', 'operational']))).toContain(
      `<li class="card ${status}" data-service="api">\n<div class="row"><span class="name">API</span><span class="pill">${text}</span></div>`,
    );
  });

  test('90 bars with the day, its uptime and its state; the axis; uptime over 24 hours, 30 and 90 days', () => {
    const history = bars('degraded');
    history[0] = { date: '2029-10-11', uptime: null, status: 'no_data' };
    history[1] = { date: '2029-10-12', uptime: 90.5, status: 'outage' };
    const html = renderHtml({ ...snapshot(), services: { ...snapshot().services, api: service('API', 'operational', history) } });
    expect(html).toContain(
      '<div class="bars" role="img" aria-label="API, uptime per day over the last 90 days"><span class="bar no_data" title="2029-10-11: no data"></span><span class="bar outage" title="2029-10-12: 90.50%, outage"></span><span class="bar operational" title="d2: 100.00%, operational"></span>',
    );
    expect(html).toContain('<span class="bar degraded" title="2030-01-08: 99.95%, degraded"></span></div>');
    expect(html.match(/<span class="bar /g)).toHaveLength(4 * 90);
    expect(html).toContain('<div class="axis"><span><span class="wide">90 days ago</span><span class="narrow">30 days ago</span></span><span>Today</span></div>');
    expect(html).toContain('<p class="meta">Uptime: 24 hours 100.00% · 30 days 99.50% · 90 days 99.25%</p>');
  });

  test('the colours and the narrow layout: 30 bars under 600 px', () => {
    const html = renderHtml(snapshot());
    expect(html).toContain('.bar.operational{background:#2da44e}.bar.degraded{background:#d4a72c}.bar.outage{background:#cf222e}.bar.no_data{background:#d0d7de}');
    expect(html).toContain('@media (max-width:600px){.bar:nth-child(-n+60){display:none}.axis .wide{display:none}.axis .narrow{display:inline}}');
    expect(html).toContain('a day is green from 99.9%, yellow from 99%, red below, grey without checks.');
  });
});

describe('incidents', () => {
  test('ongoing ones first, above the services, marked; resolved ones below', () => {
    const html = renderHtml(
      snapshot({
        incidents: [
          incident({ id: 'on-1', title: 'Data unavailable', start: '2030-01-08T11:30:30.000Z', end: null, ongoing: true }),
          incident({}),
          incident({ id: 'old', title: 'Slow', start: '2030-01-01T12:00:30.000Z', end: '2030-01-02T12:00:30.000Z', started_before_window: true }),
        ],
      }),
    );
    const ongoing = html.indexOf('<h2>Ongoing incidents</h2>\n<ul>\n<li class="card ongoing" id="incident-on-1">');
    expect(ongoing).toBeGreaterThan(0);
    expect(ongoing).toBeLessThan(html.indexOf('<h2>Services</h2>'));
    // The ongoing list holds the ongoing one only; each resolved one appears once, below.
    expect(html.slice(ongoing, html.indexOf('<h2>Services</h2>')).match(/id="incident-[^"]+"/g)).toEqual(['id="incident-on-1"']);
    expect(html.match(/id="incident-old"/g)).toHaveLength(1);
    expect(html).toContain('<span class="pill outage">Ongoing</span></div>\n<p class="summary">Some requests fail.</p>\n<p class="meta">Since 2030-01-08 11:30 UTC</p>');
    const resolved = html.indexOf('<h2>Resolved incidents in the last 7 days</h2>\n<ul>\n<li class="card" id="incident-abc-20300105T120030Z">');
    expect(resolved).toBeGreaterThan(html.indexOf('<h2>Services</h2>'));
    expect(html).toContain('<span class="pill operational">Resolved</span>');
    expect(html).toContain('<p class="meta">2030-01-05 12:00 UTC to 2030-01-05 12:42 UTC (42 min)</p>');
    expect(html).toContain('<p class="meta">Began before 2030-01-01 12:00 UTC, resolved 2030-01-02 12:00 UTC</p>');
    expect(html).not.toContain('No resolved incidents');
  });

  test.each([
    ['2030-01-05T12:00:00.000Z', '2030-01-05T12:00:20.000Z', '1 min'],
    ['2030-01-05T12:00:00.000Z', '2030-01-05T12:59:00.000Z', '59 min'],
    ['2030-01-05T12:00:00.000Z', '2030-01-05T13:00:00.000Z', '1 h'],
    ['2030-01-05T12:00:00.000Z', '2030-01-05T14:30:00.000Z', '2 h 30 min'],
    ['2030-01-05T12:00:00.000Z', '2030-01-05T12:01:29.000Z', '1 min'],
    ['2030-01-05T12:00:00.000Z', '2030-01-05T12:01:31.000Z', '2 min'],
  ])('from %s to %s lasted %s', (start, end, text) => {
    expect(renderHtml(snapshot({ incidents: [incident({ start, end })] }))).toContain(`(${text})</p>`);
  });

  test('none: no ongoing section, and the resolved list says so', () => {
    const html = renderHtml(snapshot());
    expect(html).not.toContain('Ongoing');
    expect(html).toContain('<h2>Resolved incidents in the last 7 days</h2>\n<p class="card">No resolved incidents in the last 7 days.</p>');
  });

  test('two of each: one item per line, and nothing between the banner and the first heading when all is well', () => {
    const on = (id: string) => incident({ id, end: null, ongoing: true });
    const html = renderHtml(snapshot({ incidents: [on('on-2'), on('on-1'), incident({ id: 'res-2' }), incident({ id: 'res-1' })] }));
    expect(html).toContain('<p class="meta">Since 2030-01-05 12:00 UTC</p>\n</li>\n<li class="card ongoing" id="incident-on-1">');
    expect(html).toContain('(42 min)</p>\n</li>\n<li class="card" id="incident-res-1">');
    expect(html).toContain('</li>\n<li class="card operational" data-service="web">');
    expect(renderHtml(snapshot())).toContain('data-testid="overall">All systems operational</div>\n\n\n<h2>Services</h2>');
  });

  test('only an ongoing one: the resolved list is empty', () => {
    const html = renderHtml(snapshot({ incidents: [incident({ end: null, ongoing: true })] }));
    expect(html).toContain('<p class="card">No resolved incidents in the last 7 days.</p>');
  });
});

test('head and footer: refresh, feed discovery, links, last update', () => {
  const html = renderHtml(snapshot());
  expect(
    html.startsWith(
      '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta http-equiv="refresh" content="60">',
    ),
  ).toBe(true);
  expect(html).toContain('<title>Flashcard LMS status</title>\n<link rel="alternate" type="application/atom+xml" title="Flashcard LMS incidents" href="/feed.atom">');
  expect(html).toContain('<footer>Last updated 2030-01-08 12:00 UTC · Uptime is the share of passed health checks (one per minute)');
  expect(html).toContain('<a href="/status.json">JSON</a> · <a href="/feed.atom">Atom feed</a></footer>');
  expect(html).not.toContain('class="stale"');
  expect(renderHtml(snapshot({ stale: true }))).toContain('<p class="stale">Status data could not be refreshed; showing the last known state from 2030-01-08 12:00 UTC.</p>');
});

test('escapeHtml: all five characters', () => {
  expect(escapeHtml(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&#39;f');
  expect(escapeHtml(42)).toBe('42');
});
