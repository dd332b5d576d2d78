import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { freePort, waitForPort } from './free-port';

export interface RunningRedis {
  readonly port: number;
  stop(): Promise<void>;
}

/** Starts a throwaway redis-server (Debian package) on 127.0.0.1 with a password, no persistence. */
export async function startRedis(password: string): Promise<RunningRedis> {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('redis-server is not installed: run scripts/ensure-test-deps.sh');
  }
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--requirepass', password, '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
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
