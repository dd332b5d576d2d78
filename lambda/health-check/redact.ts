/**
 * Keeps credentials out of logs and metrics: drivers and servers sometimes echo the URL they
 * were given in an error message.
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  // user:password@ (or :password@) inside any URL-looking text; no word boundary before the
  // scheme, so a scheme glued to a word (`x_mongodb://`) is still found
  return out.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, '$1[redacted]@');
}

/** The secret itself plus its URL-decoded and raw password, when it is a URL. */
export function secretParts(secretUrl: string): string[] {
  const parts = [secretUrl];
  try {
    const url = new URL(secretUrl);
    if (url.password !== '') parts.push(url.password, safeDecode(url.password));
  } catch {
    // not a URL: the whole value is all there is to hide
  }
  return parts;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
