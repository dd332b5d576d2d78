import * as net from 'node:net';
import * as tls from 'node:tls';

/** Sends AUTH (when the URL has credentials) and PING; resolves when the server answers +PONG. */
export type RedisPing = (url: string, options: RedisPingOptions) => Promise<void>;

export interface RedisPingOptions {
  readonly signal: AbortSignal;
  /** Trusted CAs for `rediss://`. @default Node's bundled CAs, which ElastiCache certificates chain to */
  readonly ca?: string;
}

/**
 * A minimal RESP client: `rediss://` over TLS (ElastiCache in-transit encryption),
 * `redis://` over plain TCP. Both commands are pipelined on one connection.
 */
export const redisPing: RedisPing = (url, options) => {
  const target = parseRedisUrl(url);
  const commands: string[][] = [];
  if (target.password !== undefined) {
    commands.push(target.username !== undefined ? ['AUTH', target.username, target.password] : ['AUTH', target.password]);
  }
  commands.push(['PING']);

  return new Promise<void>((resolve, reject) => {
    options.signal.throwIfAborted();
    const socket = target.tls
      ? tls.connect({ host: target.host, port: target.port, servername: net.isIP(target.host) === 0 ? target.host : undefined, ca: options.ca })
      : net.connect({ host: target.host, port: target.port });
    let buffer = '';
    let pending = [...commands];
    let settled = false;

    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      options.signal.removeEventListener('abort', onAbort);
      socket.destroy();
      if (err === undefined) resolve();
      else reject(err);
    };
    const onAbort = () => finish(new Error('aborted'));
    options.signal.addEventListener('abort', onAbort, { once: true });

    socket.once(target.tls ? 'secureConnect' : 'connect', () => socket.write(commands.map(encodeCommand).join('')));
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let eol: number;
      while ((eol = buffer.indexOf('\r\n')) >= 0 && pending.length > 0) {
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const command = pending[0][0];
        pending = pending.slice(1);
        if (line.startsWith('-')) return finish(new Error(`${command} refused: ${line.slice(1)}`));
        if (command === 'AUTH' && line !== '+OK') return finish(new Error(`AUTH answered ${JSON.stringify(line)}`));
        if (command === 'PING') return line === '+PONG' ? finish() : finish(new Error(`PING answered ${JSON.stringify(line)}`));
      }
    });
    socket.on('error', (err: Error) => finish(err));
    socket.on('close', () => finish(new Error('connection closed before PONG')));
  });
};

export interface RedisTarget {
  readonly tls: boolean;
  readonly host: string;
  readonly port: number;
  readonly username?: string;
  readonly password?: string;
}

export function parseRedisUrl(raw: string): RedisTarget {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('the Redis URL is not a valid URL (expected rediss://[user]:password@host:port)');
  }
  if (url.protocol !== 'rediss:' && url.protocol !== 'redis:') {
    throw new Error(`the Redis URL has scheme "${url.protocol}" (expected rediss: or redis:)`);
  }
  // An IPv6 host name comes in brackets, which a socket does not take.
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const username = url.username === '' || url.username === 'default' ? undefined : decodeURIComponent(url.username);
  const password = url.password === '' ? undefined : decodeURIComponent(url.password);
  return { tls: url.protocol === 'rediss:', host, port: url.port === '' ? 6379 : Number(url.port), username, password };
}

/** RESP array of bulk strings, the form every Redis server accepts. */
function encodeCommand(args: readonly string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
}
