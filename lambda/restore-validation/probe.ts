import * as net from 'net';

/** Resolves once a TCP connection to host:port opens; rejects on error or after timeoutMs. */
export type Probe = (host: string, port: number, timeoutMs: number) => Promise<void>;

export const tcpProbe: Probe = (host, port, timeoutMs) =>
  new Promise<void>((resolve, reject) => {
    const socket = net.connect({ host, port });
    const done = (error?: Error) => {
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    socket.setTimeout(timeoutMs, () => done(new Error(`no answer within ${timeoutMs} ms`)));
    socket.once('connect', () => done());
    socket.once('error', (e) => done(e));
  });
