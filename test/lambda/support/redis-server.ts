import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { freePort, waitForPort } from './free-port';

export interface RunningRedis {
  readonly port: number;
  stop(): Promise<void>;
}

export interface RedisTls {
  readonly certFile: string;
  readonly keyFile: string;
  readonly caFile: string;
}

/**
 * Starts a throwaway redis-server (Debian package) on 127.0.0.1 with a password, no
 * persistence; with `tls`, it listens for TLS only (as ElastiCache with in-transit encryption).
 */
export async function startRedis(password: string, tls?: RedisTls): Promise<RunningRedis> {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('redis-server is not installed: run scripts/ensure-test-deps.sh');
  }
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    [
      ...(tls === undefined
        ? ['--port', String(port)]
        : [
            '--port',
            '0',
            '--tls-port',
            String(port),
            '--tls-cert-file',
            tls.certFile,
            '--tls-key-file',
            tls.keyFile,
            '--tls-ca-cert-file',
            tls.caFile,
            '--tls-auth-clients',
            'no',
          ]),
      ...['--bind', '127.0.0.1', '--requirepass', password, '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForPort(port, 5000);
  return {
    port,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
