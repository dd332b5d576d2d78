/**
 * Logging through Lambda's JSON log format (advanced logging controls): the runtime writes each
 * console.debug/info/warn/error call as one JSON line with `timestamp`, `level` and `requestId`,
 * and drops lines below the function's application log level. A single object argument is kept
 * as JSON under `message` (aws-lambda-nodejs-runtime-interface-client, src/logging/formatter.ts),
 * so fields are queried as `message.<field>` in Logs Insights.
 * "Using Lambda advanced logging controls with Node.js":
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Readonly<Record<string, unknown>>;
/** Structured logger handed to plain functions, so tests can capture what they log. */
export type Logger = (level: LogLevel, message: string, fields?: LogFields) => void;

/** Where log entries go; the on-demand command points it at stderr to keep stdout for progress. */
export const logSink: { write: (level: LogLevel, entry: LogFields) => void } = {
  write: (level, entry) => console[level](entry),
};

/** Callers pass identifiers and outcomes only: never a secret value or a URL with credentials. */
export const log: Logger = (level, message, fields = {}) => {
  logSink.write(level, { message, ...fields });
};

export { errorMessage } from './error-message';

/** The AWS SDK error name (e.g. `ServiceNotFoundException`), if any. */
export function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}
