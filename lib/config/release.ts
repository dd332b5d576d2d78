import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { ENV_NAME, ENV_NAME_RULE, IMAGE_TAG, IMAGE_TAG_RULE } from '../contracts';
import { ConfigError, ConfigProblem, isObject } from './problems';
import { parseStrictJson } from './strict-json';

export { ENV_NAME, IMAGE_TAG };

/**
 * The release file: which image tag of each service runs in each environment. Changing it is
 * a reviewed pull request; merging it deploys it; deploying an earlier version rolls back.
 */
export const RELEASE_FILE = path.join(__dirname, '..', '..', 'release.json');

/** The services whose images a release pins. */
export const SERVICES = ['backend', 'frontend'] as const;
export type Service = (typeof SERVICES)[number];

const RELEASE_FIELDS = [...SERVICES, 'notes'];

const imageTag = z.string({ error: 'must be an image tag string' }).regex(IMAGE_TAG, `must be an image tag: ${IMAGE_TAG_RULE}`);

export const releaseEntrySchema = z.strictObject({
  backend: imageTag,
  frontend: imageTag,
  /** What the release brings, for the reviewer and the deploy summary. */
  notes: z.string({ error: 'must be a string' }).max(500, 'must be at most 500 characters').optional(),
});

export type ReleaseEntry = z.infer<typeof releaseEntrySchema>;
/** Release entries by environment name. */
export type Release = Readonly<Record<string, ReleaseEntry>>;

/** Validates parsed release JSON; `source` names the file in messages. Returns the valid entries and every problem. */
export function releaseProblems(json: unknown, source = 'release.json'): { release: Release; problems: ConfigProblem[] } {
  if (!isObject(json)) {
    return {
      release: {},
      problems: [{ source, path: '', value: json, message: 'must be an object of environments, e.g. {"staging": {"backend": "<tag>", "frontend": "<tag>"}}' }],
    };
  }
  const problems: ConfigProblem[] = [];
  const release: Record<string, ReleaseEntry> = {};
  for (const [env, entry] of Object.entries(json)) {
    if (!ENV_NAME.test(env)) {
      problems.push({ source, path: env, message: `is not an environment name: ${ENV_NAME_RULE}` });
      continue;
    }
    const parsed = releaseEntrySchema.safeParse(entry);
    if (parsed.success) {
      release[env] = parsed.data;
      continue;
    }
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          problems.push({
            environment: env,
            source,
            path: `${env}.${key}`,
            value: (entry as Record<string, unknown>)[key],
            message: `is not a known field; allowed: ${RELEASE_FIELDS.join(', ')}`,
          });
        }
      } else if (issue.path.length === 0) {
        problems.push({ environment: env, source, path: env, value: entry, message: 'must be an object {"backend": "<tag>", "frontend": "<tag>", "notes"?: "..."}' });
      } else {
        const field = issue.path.map(String).join('.');
        const value = (entry as Record<string, unknown>)[issue.path[0] as string];
        const message = value === undefined ? `is missing; set it to the ${field} image tag this environment runs` : issue.message;
        problems.push({ environment: env, source, path: `${env}.${field}`, value, message });
      }
    }
  }
  return { release, problems };
}

/** Validates parsed release JSON; `source` names the file in messages. Throws ConfigError with every problem. */
export function parseRelease(json: unknown, source = 'release.json'): Release {
  const { release, problems } = releaseProblems(json, source);
  if (problems.length > 0) throw new ConfigError(problems);
  return release;
}

/** Reads and validates a release file without throwing: the loader reports its problems beside the config's. */
export function readRelease(file: string = RELEASE_FILE): { release: Release; problems: ConfigProblem[] } {
  const source = path.basename(file);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return { release: {}, problems: [{ path: source, message: `cannot be read: ${(e as Error).message}` }] };
  }
  const { value: json, problems } = parseStrictJson(text, source);
  if (problems.length > 0) return { release: {}, problems: [...problems] };
  return releaseProblems(json, source);
}

/** The problem of an environment the release file has no entry for. */
export function missingReleaseProblem(env: string, release: Release, source = 'release.json'): ConfigProblem {
  const known = Object.keys(release);
  return {
    environment: env,
    source,
    path: env,
    message: `has no release; add "${env}": {"backend": "<tag>", "frontend": "<tag>"} (environments in the file: ${known.length > 0 ? known.join(', ') : 'none'})`,
  };
}

const cache = new Map<string, Release>();

/** Reads and validates a release file (cached per path, so the app reads it once per synth); throws ConfigError. */
export function loadRelease(file: string = RELEASE_FILE): Release {
  const cached = cache.get(file);
  if (cached) return cached;
  const { release, problems } = readRelease(file);
  if (problems.length > 0) throw new ConfigError(problems);
  cache.set(file, release);
  return release;
}

/** The entry of one environment; throws naming the environments the file has. */
export function releaseFor(env: string, release: Release = loadRelease()): ReleaseEntry {
  const entry = release[env];
  if (!entry) throw new ConfigError([missingReleaseProblem(env, release)]);
  return entry;
}

/** The `images` config block of an environment, taken from the release file. */
export function releaseImages(env: string, release: Release = loadRelease()): { backendTag: string; frontendTag: string } {
  const entry = releaseFor(env, release);
  return { backendTag: entry.backend, frontendTag: entry.frontend };
}
