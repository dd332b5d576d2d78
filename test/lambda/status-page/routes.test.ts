import type { ALBEvent } from 'aws-lambda';
import { SERVICES, StatusSnapshot } from '../../../lambda/status-page/model';
import { handleRequest, StatusPageDeps } from '../../../lambda/status-page/status-page';
import { albEvent } from './fixtures';

const services = Object.fromEntries(
  SERVICES.map(({ id, name }) => [id, { name, status: 'operational', last_checked: null, uptime: { '24h': null, '30d': null, '90d': null }, history: [] }]),
);
const data = { site: 'Flashcard LMS', status: 'operational', services, incidents: [], last_updated: '2030-01-08T12:00:30.000Z', stale: false } as unknown as StatusSnapshot;
let loads = 0;
const deps = (snapshot: StatusPageDeps['snapshot'] = async () => ({ data, stale: false, expiresAt: 30_000 })): StatusPageDeps => ({
  snapshot: () => {
    loads += 1;
    return snapshot();
  },
  log: () => undefined,
  now: () => 0,
  pageUrl: 'https://status.example.com',
});
const request = (path: string, method = 'GET', d = deps()) => handleRequest(albEvent(path, method), d);

beforeEach(() => {
  loads = 0;
});

test.each([
  ['/status.json', 'application/json; charset=utf-8'],
  ['/api/status', 'application/json; charset=utf-8'],
  ['/status.json/', 'application/json; charset=utf-8'],
  ['/api/status//', 'application/json; charset=utf-8'],
  ['/feed.atom', 'application/atom+xml; charset=utf-8'],
  ['/index.html', 'text/html; charset=utf-8'],
])('%s answers %s', async (path, type) => {
  const res = await request(path);
  // A base64 flag would make the ALB decode the text body into garbage.
  expect(res).toMatchObject({ statusCode: 200, statusDescription: '200 OK', isBase64Encoded: false });
  expect(res.headers?.['content-type']).toBe(type);
});

test('the feed names the page address it was given', async () => {
  expect((await request('/feed.atom')).body).toContain('<id>https://status.example.com/feed.atom</id>');
});

test('the method is matched whatever its case', async () => {
  expect((await request('/', 'get')).statusCode).toBe(200);
  expect((await request('/', 'head')).body).toBe('');
});

test('an unknown path is a 404 with a body, without one for HEAD, and never loads the snapshot', async () => {
  expect(await request('/nope')).toMatchObject({
    statusCode: 404,
    body: 'Not found\n',
    headers: expect.objectContaining({ 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'public, max-age=30' }),
  });
  expect(await request('/nope', 'HEAD')).toMatchObject({ statusCode: 404, body: '' });
  expect(loads).toBe(0);
});

test('405 keeps its body even for a method without one, and is never cached', async () => {
  expect(await request('/', 'POST')).toMatchObject({
    body: 'Method not allowed\n',
    headers: expect.objectContaining({ 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }),
  });
});

test('/health: ok, not cached, HEAD without a body', async () => {
  expect(await request('/health')).toMatchObject({
    statusCode: 200,
    body: 'ok',
    headers: expect.objectContaining({ 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }),
  });
  expect((await request('/health', 'HEAD')).body).toBe('');
  expect(loads).toBe(0);
});

test('with nothing loaded, the feed is a 503 like the JSON, and the page a 503 page', async () => {
  const failing = deps(async () => {
    throw new Error('AccessDenied');
  });
  const feed = await request('/feed.atom', 'GET', failing);
  expect(feed).toMatchObject({ statusCode: 503, body: '{"error":"status temporarily unavailable"}\n' });
  expect(feed.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'retry-after': '30' });
  const html = await request('/', 'GET', failing);
  expect(html.body).toContain('<meta http-equiv="refresh" content="30"><title>Status unavailable</title>');
  // /index.html is the page too: a browser gets the same HTML 503, not JSON.
  const index = await request('/index.html', 'GET', failing);
  expect(index).toMatchObject({ statusCode: 503, body: html.body });
  expect(index.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8', 'retry-after': '30' });
  expect((await request('/', 'HEAD', failing)).body).toBe('');
});

test.each([
  ['nothing', undefined, 'status-page event must be an ALB request (got nothing)'],
  ['an array', [], 'status-page event must be an ALB request (got [])'],
  ['a string', 'GET /', 'status-page event must be an ALB request (got "GET /")'],
  ['a numeric path', { httpMethod: 'GET', path: 1 }, 'status-page event: path must be a string (got 1)'],
])('%s is refused by name', async (_name, event, message) => {
  await expect(handleRequest(event as unknown as ALBEvent, deps())).rejects.toThrow(message);
});

test('a fresh snapshot logs nothing; a stale one is served with a warning naming its time', async () => {
  const logged: unknown[][] = [];
  const withLog = (stale: boolean): StatusPageDeps => ({ ...deps(async () => ({ data, stale, expiresAt: 30_000 })), log: (...args) => logged.push(args) });
  expect(JSON.parse((await request('/status.json', 'GET', withLog(false))).body ?? '').stale).toBe(false);
  expect(logged).toEqual([]);
  expect(JSON.parse((await request('/status.json', 'GET', withLog(true))).body ?? '').stale).toBe(true);
  expect(logged).toEqual([['warn', 'serving a stale status snapshot', { last_updated: '2030-01-08T12:00:30.000Z' }]]);
});
