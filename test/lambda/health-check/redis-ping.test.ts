import { getEventListeners } from 'node:events';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { checkCache } from '../../../lambda/health-check/cache-check';
import { parseRedisUrl, redisPing } from '../../../lambda/health-check/redis-ping';
import { SecretCache } from '../../../lambda/health-check/secret-cache';
import { freePort } from '../support/free-port';
import { RunningRedis, startRedis } from '../support/redis-server';
import { makeTestCertificates, TestCertificates } from '../support/test-certificates';

const PASSWORD = 'test-auth-token-0123456789';
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:redis-url';
const secretsManager = mockClient(SecretsManagerClient);
let redis: RunningRedis;

beforeAll(async () => {
  redis = await startRedis(PASSWORD);
});
afterAll(async () => {
  await redis?.stop();
});
beforeEach(() => {
  secretsManager.reset();
});

const signal = () => AbortSignal.timeout(2000);
// A ping that never settles fails the test well before the default two minutes.
jest.setTimeout(15_000);

describe('redisPing against a real redis-server', () => {
  test('the right password gets +PONG', async () => {
    await expect(redisPing(`redis://:${PASSWORD}@127.0.0.1:${redis.port}`, { signal: signal() })).resolves.toBeUndefined();
  });

  test('the default user with the right password gets +PONG', async () => {
    await expect(redisPing(`redis://default:${PASSWORD}@127.0.0.1:${redis.port}`, { signal: signal() })).resolves.toBeUndefined();
  });

  test('a wrong password is refused', async () => {
    await expect(redisPing(`redis://:wrong-password@127.0.0.1:${redis.port}`, { signal: signal() })).rejects.toThrow(/^AUTH refused: WRONGPASS/);
  });

  test('no password at all is refused', async () => {
    await expect(redisPing(`redis://127.0.0.1:${redis.port}`, { signal: signal() })).rejects.toThrow(/^PING refused: NOAUTH/);
  });

  test('nothing listening is a connection error', async () => {
    const port = await freePort();
    await expect(redisPing(`redis://:${PASSWORD}@127.0.0.1:${port}`, { signal: signal() })).rejects.toThrow(/ECONNREFUSED/);
  });

  test('an aborted signal ends the attempt', async () => {
    const controller = new AbortController();
    const pending = redisPing(`redis://:${PASSWORD}@10.255.255.1:6379`, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toThrow('aborted');
  });
});

describe('redisPing over TLS (rediss://) against a real redis-server', () => {
  let certs: TestCertificates;
  let tlsRedis: RunningRedis;

  beforeAll(async () => {
    certs = makeTestCertificates();
    tlsRedis = await startRedis(PASSWORD, certs);
  });
  afterAll(async () => {
    await tlsRedis?.stop();
    fs.rmSync(certs.dir, { recursive: true, force: true });
  });

  test('a certificate from a trusted CA and the right password get +PONG', async () => {
    const ca = fs.readFileSync(certs.caFile, 'utf8');
    await expect(redisPing(`rediss://:${PASSWORD}@localhost:${tlsRedis.port}`, { signal: signal(), ca })).resolves.toBeUndefined();
  });

  test('a certificate from an unknown CA is refused', async () => {
    await expect(redisPing(`rediss://:${PASSWORD}@localhost:${tlsRedis.port}`, { signal: signal() })).rejects.toThrow(/certificate/);
  });

  test('sends the host name for SNI, and no server name for an IP address', async () => {
    const seen: (string | false)[] = [];
    const server = tls.createServer({ key: fs.readFileSync(certs.keyFile), cert: fs.readFileSync(certs.certFile) }, (socket) => {
      seen.push((socket as tls.TLSSocket & { servername: string | false }).servername);
      socket.on('data', () => socket.end('+PONG\r\n'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as net.AddressInfo;
      const ca = fs.readFileSync(certs.caFile, 'utf8');
      await redisPing(`rediss://localhost:${port}`, { signal: signal(), ca });
      await redisPing(`rediss://127.0.0.1:${port}`, { signal: signal(), ca });
      expect(seen).toEqual(['localhost', false]);
    } finally {
      server.close();
    }
  });

  test('plain TCP to a TLS-only port gets no PONG', async () => {
    await expect(redisPing(`redis://:${PASSWORD}@127.0.0.1:${tlsRedis.port}`, { signal: AbortSignal.timeout(500) })).rejects.toThrow();
  });
});

describe('redisPing against a scripted server: what the client sends and how it reads answers', () => {
  /** A TCP server that records what it receives and answers each connection with `reply`. */
  async function scriptedServer(reply: (socket: net.Socket, received: () => string) => void) {
    let data = '';
    const closed: Promise<void>[] = [];
    const sockets: net.Socket[] = [];
    const server = net.createServer((socket) => {
      sockets.push(socket);
      closed.push(new Promise((resolve) => socket.on('close', () => resolve())));
      socket.on('data', (chunk) => {
        data += chunk.toString('utf8');
        reply(socket, () => data);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    return {
      port,
      received: () => data,
      connections: () => closed.length,
      /** Whether every connection the client opened is closed within `ms` (bounded, so a leak fails instead of hanging). */
      allClosedWithin: (ms: number) => Promise.race([Promise.all(closed).then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]),
      stop: () => {
        for (const socket of sockets) socket.destroy();
        return new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  }
  let stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(stops.map((stop) => stop()));
    stops = [];
  });
  async function serve(reply: (socket: net.Socket, received: () => string) => void) {
    const server = await scriptedServer(reply);
    stops.push(server.stop);
    return server;
  }

  test('AUTH with a named user and a multi-byte password, then PING, pipelined as RESP bulk strings; the socket is closed after', async () => {
    const server = await serve((socket, received) => {
      if (received().endsWith('PING\r\n')) socket.write('+OK\r\n+PONG\r\n');
    });
    const controller = new AbortController();
    await redisPing(`redis://app%40x:p%C3%A4ss@127.0.0.1:${server.port}`, { signal: controller.signal });
    expect(server.received()).toBe('*3\r\n$4\r\nAUTH\r\n$5\r\napp@x\r\n$5\r\npäss\r\n*1\r\n$4\r\nPING\r\n');
    expect(await server.allClosedWithin(2000)).toBe(true);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  test('without credentials only PING is sent', async () => {
    const server = await serve((socket) => socket.write('+PONG\r\n'));
    await redisPing(`redis://127.0.0.1:${server.port}`, { signal: signal() });
    expect(server.received()).toBe('*1\r\n$4\r\nPING\r\n');
  });

  test('answers split across packets are put together', async () => {
    const server = await serve((socket, received) => {
      if (!received().endsWith('PING\r\n')) return;
      socket.write('+O');
      setTimeout(() => socket.write('K\r\n+PO'), 20);
      setTimeout(() => socket.write('NG\r\n'), 40);
    });
    await expect(redisPing(`redis://:pw@127.0.0.1:${server.port}`, { signal: signal() })).resolves.toBeUndefined();
  });

  test.each([
    ['+QUEUED\r\n+PONG\r\n', 'AUTH answered "+QUEUED"'],
    ['\r\n+PONG\r\n', 'AUTH answered ""'],
    ['+OK\r\n+HELLO\r\n', 'PING answered "+HELLO"'],
    ['+OK\r\n-LOADING dataset in memory\r\n', 'PING refused: LOADING dataset in memory'],
  ])('answers %j: %s', async (answer, message) => {
    const server = await serve((socket, received) => {
      if (received().endsWith('PING\r\n')) socket.write(answer);
    });
    await expect(redisPing(`redis://:pw@127.0.0.1:${server.port}`, { signal: signal() })).rejects.toThrow(new Error(message));
  });

  test('a server that hangs up before PONG', async () => {
    const server = await serve((socket) => socket.end('+OK\r\n'));
    await expect(redisPing(`redis://:pw@127.0.0.1:${server.port}`, { signal: signal() })).rejects.toThrow(new Error('connection closed before PONG'));
  });

  test('a signal aborted before the start connects to nothing', async () => {
    const server = await serve(() => undefined);
    const controller = new AbortController();
    controller.abort(new Error('deadline passed'));
    await expect(redisPing(`redis://127.0.0.1:${server.port}`, { signal: controller.signal })).rejects.toThrow(new Error('deadline passed'));
    await new Promise((r) => setTimeout(r, 50));
    expect(server.connections()).toBe(0);
  });

  test('an abort closes the connection of a server that never answers', async () => {
    const server = await serve(() => undefined);
    const controller = new AbortController();
    const pending = redisPing(`redis://:pw@127.0.0.1:${server.port}`, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    await expect(pending).rejects.toThrow(new Error('aborted'));
    expect(await server.allClosedWithin(2000)).toBe(true);
  });
});

describe('checkCache with the URL from Secrets Manager', () => {
  const run = (secrets: SecretCache) => checkCache({ secrets, ping: redisPing }, SECRET_ARN, signal());

  test('right password: healthy', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: `redis://:${PASSWORD}@127.0.0.1:${redis.port}` });
    await expect(run(new SecretCache(new SecretsManagerClient({}), 60_000))).resolves.toEqual({ healthy: true });
  });

  test('wrong password: unhealthy, the reason names the refusal and not the password, and the secret is read again next time', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: `redis://:not-the-password@127.0.0.1:${redis.port}` });
    const secrets = new SecretCache(new SecretsManagerClient({}), 60_000);
    const outcome = await run(secrets);
    expect(outcome.healthy).toBe(false);
    expect(outcome.reason).toMatch(/^Redis PING failed: AUTH refused: WRONGPASS/);
    expect(JSON.stringify(outcome)).not.toContain('not-the-password');
    await run(secrets);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  test('nothing listening: unhealthy', async () => {
    const port = await freePort();
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: `redis://:${PASSWORD}@127.0.0.1:${port}` });
    const outcome = await run(new SecretCache(new SecretsManagerClient({}), 60_000));
    expect(outcome).toEqual({ healthy: false, reason: expect.stringMatching(/^Redis PING failed: connect ECONNREFUSED 127\.0\.0\.1:\d+$/) });
  });
});

describe('parseRedisUrl', () => {
  test('rediss:// with an AUTH token uses TLS and the default port', () => {
    expect(parseRedisUrl('rediss://:tok%2Fen@master.cache.amazonaws.com')).toEqual({
      tls: true,
      host: 'master.cache.amazonaws.com',
      port: 6379,
      username: undefined,
      password: 'tok/en',
    });
  });

  test('a named user sends AUTH user password', () => {
    expect(parseRedisUrl('redis://app:pw@127.0.0.1:7000/0')).toEqual({ tls: false, host: '127.0.0.1', port: 7000, username: 'app', password: 'pw' });
  });

  test('an IPv6 host loses its brackets; the default user counts as none', () => {
    expect(parseRedisUrl('redis://default:pw@[::1]:7001')).toEqual({ tls: false, host: '::1', port: 7001, username: undefined, password: 'pw' });
  });

  test('no credentials: neither user nor password', () => {
    expect(parseRedisUrl('rediss://cache:6380')).toEqual({ tls: true, host: 'cache', port: 6380, username: undefined, password: undefined });
  });

  test('a value that is no URL is refused without repeating it', () => {
    expect(() => parseRedisUrl('tok3n-value')).toThrow(new Error('the Redis URL is not a valid URL (expected rediss://[user]:password@host:port)'));
  });

  test('another scheme is refused', () => {
    expect(() => parseRedisUrl('http://127.0.0.1')).toThrow('the Redis URL has scheme "http:" (expected rediss: or redis:)');
  });
});
