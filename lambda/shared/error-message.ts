/**
 * The message of anything thrown, plus its cause's (fetch says only "fetch failed" on its own).
 * Duck-typed rather than `instanceof Error`: errors from another realm (a VM context, a
 * bundled copy of a library) are still errors.
 */
export function errorMessage(err: unknown): string {
  if (!isErrorLike(err)) return String(err);
  const message = err.message !== '' ? err.message : (err.name ?? 'Error');
  return isErrorLike(err.cause) ? `${message} (${errorMessage(err.cause)})` : message;
}

function isErrorLike(v: unknown): v is { message: string; name?: string; cause?: unknown } {
  return typeof v === 'object' && v !== null && typeof (v as { message?: unknown }).message === 'string';
}
