/** One JSON object per line, so CloudWatch Logs Insights can filter on any field. */
export type LogLevel = 'info' | 'warn' | 'error';
export type LogFields = Readonly<Record<string, unknown>>;
/** Structured logger handed to plain functions, so tests can capture what they log. */
export type Logger = (entry: LogFields) => void;

/** Where log lines go; the on-demand command points it at stderr to keep stdout for progress. */
export const logSink: { write: (line: string) => void } = {
  write: (line) => console.log(line),
};

/** Callers pass identifiers and outcomes only: never a secret value or a URL with credentials. */
export function log(level: LogLevel, message: string, fields: LogFields = {}): void {
  logSink.write(JSON.stringify({ level, message, ...fields }));
}

/** A Logger that writes timestamped JSON lines to stdout. */
export const jsonLogger: Logger = (entry) => {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
};

export { errorMessage } from './error-message';

/** The AWS SDK error name (e.g. `ServiceNotFoundException`), if any. */
export function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}
