import { PropertyReader } from './properties';

/**
 * The event a handler was invoked with, as a record its fields can be read from. An empty or
 * malformed invocation (a test event of `{}`, `null`, a string) ends here with an error that
 * says what was expected, instead of a TypeError deeper in.
 */
export function eventRecord(event: unknown, what: string, expected: string): Readonly<Record<string, unknown>> {
  if (typeof event === 'object' && event !== null && !Array.isArray(event)) return event as Record<string, unknown>;
  // JSON.stringify gives undefined only for functions and symbols, whose String() is readable.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  const got = event === undefined ? 'nothing' : Array.isArray(event) ? 'an array' : `${JSON.stringify(event) ?? String(event)}`;
  throw new Error(`Invalid ${what}: expected ${expected}, got ${got}`);
}

/** A PropertyReader over the event's fields: collects every missing or bad field, then `done()` throws once naming each. */
export function eventReader(event: unknown, what: string, expected: string): PropertyReader {
  return new PropertyReader(eventRecord(event, what, expected), what, 'fields');
}
