import { deepMerge, EnvironmentConfig, validateEnvironment } from '../../lib/config';
import { PRODUCTION, STAGING } from '../../lib/config/environments';

/** A built-in environment with overrides, validated; throws with every problem when invalid. */
export function configWith(base: 'staging' | 'production', overrides: Record<string, unknown>): EnvironmentConfig {
  const raw = deepMerge(base === 'staging' ? STAGING : PRODUCTION, overrides);
  const { config, problems } = validateEnvironment(raw, base);
  if (!config) throw new Error(problems.join('\n'));
  return config;
}

/** Problems of a built-in environment with overrides (empty when valid). */
export function problemsWith(base: 'staging' | 'production', overrides: Record<string, unknown>): string[] {
  return validateEnvironment(deepMerge(base === 'staging' ? STAGING : PRODUCTION, overrides), base).problems;
}
