import * as fs from 'fs';
import * as path from 'path';
import { BUILT_IN_ENVIRONMENTS } from './environments';
import { crossEnvironmentProblems, inputProblems } from './input-problems';
import { crossFieldProblems } from './invariants';
import { ConfigError, ConfigProblem, formatProblem, isObject, valueAt } from './problems';
import { missingReleaseProblem, readRelease, Release, RELEASE_FILE } from './release';
import { EnvironmentConfig, environmentSchema } from './schema';
import { parseStrictJson } from './strict-json';

export { ConfigError, describeValue, formatProblem } from './problems';
export type { ConfigProblem } from './problems';

export interface LoadOptions {
  /** Path of a JSON file with extra or overriding environments (`-c configFile=`). */
  readonly configFile?: string;
  /** Only return these environments (`-c env=a,b`). @default all */
  readonly only?: readonly string[];
  /** Deploy this image tag for both services (`-c imageTag=<git sha>`), validated like config. @default the config's tags */
  readonly imageTag?: string;
  /** The release file the environments take their image tags from. @default release.json at the repository root */
  readonly releaseFile?: string;
}

const FILE_FORMAT = 'expected {"environments": {"<name>": {"extends"?: "<built-in>", ...fields}}}';

/** Objects merge key by key; arrays and scalars replace. */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (!isObject(base) || !isObject(override)) return override === undefined ? base : override;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) out[k] = deepMerge(base[k], v);
  return out;
}

/** Rules over one environment's input that the schema cannot express; each returns every problem it finds. */
const ENVIRONMENT_RULES: ReadonlyArray<(env: Record<string, unknown>) => ConfigProblem[]> = [crossFieldProblems, inputProblems];

/** Validates one environment; returns its config or its problems (formatted), never half of both. */
export function validateEnvironment(raw: unknown, label: string): { config?: EnvironmentConfig; problems: string[] } {
  const { config, problems } = environmentProblems(raw, label);
  return { config, problems: problems.map(formatProblem) };
}

/**
 * The pipeline of one environment: the schema (types, ranges, allowed values), then the rules
 * across fields (invariants.ts) and of inputs (input-problems.ts). The rules read the raw input,
 * so a schema problem does not hide theirs.
 */
export function environmentProblems(raw: unknown, label: string): { config?: EnvironmentConfig; problems: ConfigProblem[] } {
  const parsed = environmentSchema.safeParse(raw);
  const problems: ConfigProblem[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join('.');
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          problems.push({ path: path ? `${path}.${key}` : key, value: valueAt(raw, [...issue.path, key]), message: 'is not a known field; remove it or check its spelling' });
        }
      } else {
        problems.push({ path, value: valueAt(raw, issue.path), message: issue.message });
      }
    }
  }
  if (isObject(raw)) problems.push(...ENVIRONMENT_RULES.flatMap((rule) => rule(raw)));
  const labelled = problems.map((p) => ({ environment: label, ...p }));
  // Every schema issue is a problem, so no problem means the schema passed.
  return labelled.length === 0 ? { config: parsed.data, problems: [] } : { problems: labelled };
}

function readFileEntries(file: string): { entries: Record<string, unknown>; problems: ConfigProblem[] } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return { entries: {}, problems: [{ path: `configFile ${file}`, message: `cannot be read: ${(e as Error).message}` }] };
  }
  const { value: json, problems } = parseStrictJson(text, `configFile ${file}`);
  if (problems.length > 0) return { entries: {}, problems: [...problems] };
  if (!isObject(json) || !isObject(json.environments) || Object.keys(json).some((k) => k !== 'environments')) {
    return { entries: {}, problems: [{ path: `configFile ${file}`, message: FILE_FORMAT }] };
  }
  return { entries: json.environments, problems: [] };
}

/** A built-in environment without its images: the loader takes those from the release file it reads. */
function withoutImages(env: object): Record<string, unknown> {
  const { images: _fromRelease, ...fields } = Object.getOwnPropertyDescriptors(env);
  return Object.defineProperties({}, fields);
}

function imagesOf(entry: Release[string] | undefined): { images?: { backendTag: string; frontendTag: string } } {
  return entry === undefined ? {} : { images: { backendTag: entry.backend, frontendTag: entry.frontend } };
}

/**
 * Built-in environments plus those of the config file, with the image tags of the release file,
 * all validated; throws one ConfigError listing every problem of all of them.
 */
export function loadEnvironments(options: LoadOptions = {}): EnvironmentConfig[] {
  const problems: ConfigProblem[] = [];
  const { release, problems: releaseProblems } = readRelease(options.releaseFile ?? RELEASE_FILE);
  problems.push(...releaseProblems);
  const builtIns = new Map(BUILT_IN_ENVIRONMENTS.map((e) => [e.name, withoutImages(e) as unknown]));
  const raw = new Map([...builtIns].map(([name, env]) => [name, deepMerge(env, imagesOf(release[name]))]));
  // Environments whose image tags come from the release file: the built-ins and what extends them.
  const released = new Map([...builtIns.keys()].map((name) => [name, [name]]));

  if (options.configFile) {
    const file = readFileEntries(options.configFile);
    problems.push(...file.problems);
    for (const [name, entry] of Object.entries(file.entries)) {
      if (!isObject(entry)) {
        problems.push({ environment: name, path: '', value: entry, message: 'must be an object of environment fields' });
        continue;
      }
      const { extends: parent = builtIns.has(name) ? name : undefined, ...fields } = entry;
      if (parent !== undefined && !builtIns.has(parent as string)) {
        problems.push({ environment: name, path: 'extends', value: parent, message: `must name a built-in environment: ${[...builtIns.keys()].join(', ')}` });
        continue;
      }
      if (fields.name !== undefined && fields.name !== name) {
        problems.push({ environment: name, path: 'name', value: fields.name, message: `is taken from the entry's key ("${name}"); remove it or make it equal` });
      }
      if (parent === undefined) {
        raw.set(name, deepMerge(imagesOf(release[name]), { ...fields, name }));
        continue;
      }
      // The environment's own release entry first, else the one of the environment it extends.
      const images = imagesOf(release[name] ?? release[parent as string]);
      raw.set(name, deepMerge(deepMerge(builtIns.get(parent as string), images), { ...fields, name }));
      released.set(name, [name, parent as string]);
    }
  }

  problems.push(...crossEnvironmentProblems(raw));
  const wanted = options.only && options.only.length > 0 ? options.only : [...raw.keys()];
  for (const name of wanted) {
    if (!raw.has(name)) problems.push({ path: 'env', message: `"${name}" is not a configured environment; known: ${[...raw.keys()].join(', ')}` });
  }

  const configs: EnvironmentConfig[] = [];
  for (const name of wanted.filter((n) => raw.has(n))) {
    const override = options.imageTag === undefined ? {} : { images: { backendTag: options.imageTag, frontendTag: options.imageTag } };
    const merged = deepMerge(raw.get(name), override);
    if (options.imageTag !== undefined && isObject(merged) && isObject(merged.images) && typeof merged.images.buildFrom === 'string') {
      problems.push({
        path: 'env',
        value: options.imageTag,
        message: `"${name}" builds its images from images.buildFrom, so -c imageTag would be ignored; deploy it without imageTag or remove buildFrom`,
      });
    }
    const result = environmentProblems(merged, name);
    const sources = released.get(name);
    if (sources && isObject(merged) && merged.images === undefined) {
      // No tags anywhere: the release file lacks the entry. Say so once, unless the file's own problems already do.
      result.problems = result.problems.filter((p) => p.path !== 'images');
      const reported = releaseProblems.some((p) => p.environment === undefined || sources.includes(p.environment));
      if (!reported) problems.push(missingReleaseProblem(name, release, path.basename(options.releaseFile ?? RELEASE_FILE)));
    }
    problems.push(...result.problems);
    if (result.config) configs.push(result.config);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return configs;
}
