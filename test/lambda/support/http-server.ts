import * as http from 'node:http';
import * as net from 'node:net';

export interface RunningHttpServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** An HTTP server on a free port of 127.0.0.1; the handler may be async. */
export async function startHttpServer(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>): Promise<RunningHttpServer> {
  const server = http.createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
