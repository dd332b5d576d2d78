import * as fs from 'node:fs';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { classifyMongoError } from '../../../lambda/health-check/mongo-error';
import { driverTimeouts, mongoPing } from '../../../lambda/health-check/mongo-ping';
import { startFakeMongoServer } from '../support/fake-mongo-server';
import { freePort } from '../support/free-port';
import { makeTestCertificates, TestCertificates } from '../support/test-certificates';

let certs: TestCertificates;
beforeAll(async () => {
  certs = makeTestCertificates();
  // Load the driver once up front, so its first import does not count against a budget below.
  await import('mongodb');
});
afterAll(() => fs.rmSync(certs.dir, { recursive: true, force: true }));

const BUDGET_MS = 3000;
/**
 * The driver gives up on its own at 80 % of the budget (its server selection timeout), far
 * sooner than with its defaults (30 s). Timers run late on a loaded machine, so the bound
 * allows for that while still telling the two apart.
 */
const GAVE_UP_BY_ITSELF_MS = 2 * BUDGET_MS;
const PASSWORD = 'health-Pa55word';

/** Pings 127.0.0.1:port with the real driver; resolves with the classified failure and how long it took. */
async function pingFails(port: number, caFile = certs.caFile) {
  const started = performance.now();
  const error = await mongoPing(
    { host: '127.0.0.1', port, username: 'lmshealth', password: PASSWORD },
    // The signal fires only if the driver has not given up by itself in time; its abort then
    // closes the client, so the test fails on the bound below instead of hanging.
    { tlsCAFile: caFile, timeoutMs: BUDGET_MS, signal: AbortSignal.timeout(GAVE_UP_BY_ITSELF_MS) },
  ).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeDefined();
  return { failure: classifyMongoError(error), elapsedMs: performance.now() - started };
}

describe('the real driver against local servers: the failure names its cause, and the driver gives up by itself', () => {
  test('nothing listening: connection refused', async () => {
    const { failure, elapsedMs } = await pingFails(await freePort());
    expect(failure.kind).toBe('connection refused');
    expect(failure.reason).toMatch(/^connection refused \(ECONNREFUSED\): connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
    expect(elapsedMs).toBeLessThan(GAVE_UP_BY_ITSELF_MS);
  });

  test('a certificate the CA bundle does not hold: untrusted certificate', async () => {
    const other = makeTestCertificates();
    const server = tls.createServer({ key: fs.readFileSync(other.keyFile), cert: fs.readFileSync(other.certFile) }, (s) => s.on('error', () => undefined));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { failure, elapsedMs } = await pingFails((server.address() as net.AddressInfo).port);
      expect(failure.kind).toBe('untrusted certificate');
      expect(failure.reason).toMatch(/^untrusted certificate \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\): /);
      expect(elapsedMs).toBeLessThan(GAVE_UP_BY_ITSELF_MS);
    } finally {
      server.close();
      fs.rmSync(other.dir, { recursive: true, force: true });
    }
  });

  test('a self-signed server certificate: untrusted certificate', async () => {
    // The server presents the CA's own certificate, which the system bundle does not hold.
    const server = tls.createServer({ key: fs.readFileSync(certs.dir + '/ca.key'), cert: fs.readFileSync(certs.caFile) }, (s) => s.on('error', () => undefined));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { failure } = await pingFails((server.address() as net.AddressInfo).port, '/etc/ssl/certs/ca-certificates.crt');
      expect(failure.reason).toMatch(/^untrusted certificate \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\): /);
    } finally {
      server.close();
    }
  });

  test("a server that accepts and never answers: timed out, by the driver's own timeouts", async () => {
    const sockets: net.Socket[] = [];
    const server = net.createServer((s) => sockets.push(s));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { failure, elapsedMs } = await pingFails((server.address() as net.AddressInfo).port);
      expect(failure.kind).toBe('timed out');
      // Either the TLS handshake (connectTimeoutMS, 50 %) or server selection (80 %) ran out.
      expect(failure.reason).toMatch(/^timed out: (Socket 'secureConnect' timed out after \d+ms \(connectTimeoutMS: 1500\)|Server selection timed out after 2400 ms)/);
      expect(elapsedMs).toBeLessThan(GAVE_UP_BY_ITSELF_MS);
    } finally {
      for (const s of sockets) s.destroy();
      server.close();
    }
  });

  test('a wrong password: authentication failed, and the connection is closed', async () => {
    const server = await startFakeMongoServer(certs);
    try {
      const { failure, elapsedMs } = await pingFails(server.port);
      expect(failure.kind).toBe('authentication failed');
      expect(failure.reason).toMatch(/^authentication failed \(code 18\): /);
      expect(failure.reason).not.toContain(PASSWORD);
      expect(server.commands).toContain('saslStart');
      expect(elapsedMs).toBeLessThan(GAVE_UP_BY_ITSELF_MS);
      // The driver closed its sockets: nothing outlives the run.
      await new Promise((r) => setTimeout(r, 50));
      expect(server.openConnections()).toBe(0);
    } finally {
      await server.stop();
    }
  });
});

describe('driverTimeouts', () => {
  test.each([200, 5000, 50_000])('stay below a budget of %i ms, connecting first', (budget) => {
    const t = driverTimeouts(budget);
    expect(t.serverSelectionTimeoutMS).toBeLessThan(budget);
    expect(t.socketTimeoutMS).toBeLessThan(budget);
    expect(t.connectTimeoutMS).toBeLessThan(t.serverSelectionTimeoutMS);
  });
  test('never below 1 ms, rounded down', () => {
    expect(driverTimeouts(1)).toEqual({ serverSelectionTimeoutMS: 1, connectTimeoutMS: 1, socketTimeoutMS: 1 });
    expect(driverTimeouts(3)).toEqual({ serverSelectionTimeoutMS: 2, connectTimeoutMS: 1, socketTimeoutMS: 2 });
  });
  test('the defaults of 5 s', () => {
    expect(driverTimeouts(5000)).toEqual({ serverSelectionTimeoutMS: 4000, connectTimeoutMS: 2500, socketTimeoutMS: 4000 });
  });
});
