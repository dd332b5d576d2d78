import { GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** How a secret is named in errors and logs: the part of its ARN after `:secret:`, never its value. */
export function secretLabel(arn: string): string {
  return arn.split(':secret:')[1] ?? arn;
}

/** The secret's current string value. */
export async function readSecretString(sm: SecretsManagerClient, arn: string): Promise<string> {
  const out = await sm.send(new GetSecretValueCommand({ SecretId: arn }));
  if (out.SecretString === undefined || out.SecretString === '') {
    throw new Error(`Secret ${secretLabel(arn)} has no string value (binary or empty); expected a string`);
  }
  return out.SecretString;
}

/** Reads a JSON secret and returns `fields` as strings; fails naming the secret and each missing field. */
export async function readSecretFields<K extends string>(sm: SecretsManagerClient, arn: string, fields: readonly K[]): Promise<Record<K, string>> {
  const text = await readSecretString(sm, arn);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`Secret ${secretLabel(arn)} is not a JSON object; expected {${fields.map((f) => `"${f}": ...`).join(', ')}}`);
  }
  const record = parsed as Record<string, unknown>;
  const out = {} as Record<K, string>;
  const missing: string[] = [];
  for (const field of fields) {
    const value = record[field];
    if ((typeof value === 'string' && value !== '') || typeof value === 'number') out[field] = String(value);
    else missing.push(field);
  }
  if (missing.length > 0) {
    throw new Error(`Secret ${secretLabel(arn)} lacks field${missing.length > 1 ? 's' : ''} ${missing.map((f) => `"${f}"`).join(', ')} (a non-empty string each)`);
  }
  return out;
}

/**
 * Writes `value` only when it differs from the current one: every PutSecretValue makes a
 * version, and a deploy that changes nothing should leave none behind.
 */
export async function putSecretIfChanged(sm: SecretsManagerClient, arn: string, value: string): Promise<boolean> {
  const current = await sm.send(new GetSecretValueCommand({ SecretId: arn }));
  if (current.SecretString === value) return false;
  await sm.send(new PutSecretValueCommand({ SecretId: arn, SecretString: value }));
  return true;
}
