import * as fs from 'fs';
import { BUILT_IN_ENVIRONMENTS } from './environments';
import { crossEnvironmentProblems, inputProblems } from './input-problems';
import { ConfigProblem, crossFieldProblems } from './invariants';
import { EnvironmentConfig, environmentSchema } from './schema';
import { parseStrictJson } from './strict-json';

/** Thrown once with every problem of every environment. */
export class ConfigError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(`Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface LoadOptions {
  /** Path of a JSON file with extra or overriding environments (`-c configFile=`). */
  readonly configFile?: string;
  /** Only return these environments (`-c env=a,b`). @default all */
  readonly only?: readonly string[];
  /** Deploy this image tag for both services (`-c imageTag=<git sha>`), validated like config. @default the config's tags */
  readonly imageTag?: string;
}

const FILE_FORMAT = 'expected {"environments": {"<name>": {"extends"?: "<built-in>", ...fields}}}';

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

function format(env: string, p: ConfigProblem): string {
  return `${env}: ${p.path || '(root)'}: ${p.message} (got ${describe(p.value)})`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Objects merge key by key; arrays and scalars replace. */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (!isObject(base) || !isObject(override)) return override === undefined ? base : override;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) out[k] = deepMerge(base[k], v);
  return out;
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  return path.reduce<unknown>((v, k) => (isObject(v) || Array.isArray(v) ? (v as any)[k as any] : undefined), root);
}

/** Validates one environment; returns its config or its problems, never half of both. */
export function validateEnvironment(raw: unknown, label: string): { config?: EnvironmentConfig; problems: string[] } {
  const parsed = environmentSchema.safeParse(raw, { reportInput: true });
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
  if (isObject(raw)) problems.push(...crossFieldProblems(raw), ...inputProblems(raw));
  const messages = problems.map((p) => format(label, p));
  return messages.length === 0 && parsed.success ? { config: parsed.data, problems: [] } : { problems: messages };
}

function readFileEntries(file: string): { entries: Record<string, unknown>; problems: string[] } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return { entries: {}, problems: [`configFile ${file}: cannot be read: ${(e as Error).message}`] };
  }
  const { value: json, problems } = parseStrictJson(text, `configFile ${file}`);
  if (problems.length > 0) return { entries: {}, problems: [...problems] };
  if (!isObject(json) || !isObject(json.environments) || Object.keys(json).some((k) => k !== 'environments')) {
    return { entries: {}, problems: [`configFile ${file}: ${FILE_FORMAT}`] };
  }
  return { entries: json.environments, problems: [] };
}

/** Built-in environments plus those of the config file, all validated; throws ConfigError listing every problem. */
export function loadEnvironments(options: LoadOptions = {}): EnvironmentConfig[] {
  const builtIns = new Map(BUILT_IN_ENVIRONMENTS.map((e) => [e.name, e as unknown]));
  const raw = new Map(builtIns);
  const problems: string[] = [];

  if (options.configFile) {
    const file = readFileEntries(options.configFile);
    problems.push(...file.problems);
    for (const [name, entry] of Object.entries(file.entries)) {
      if (!isObject(entry)) {
        problems.push(`${name}: (root): must be an object of environment fields (got ${describe(entry)})`);
        continue;
      }
      const { extends: parent = builtIns.has(name) ? name : undefined, ...fields } = entry;
      if (parent !== undefined && !builtIns.has(parent as string)) {
        problems.push(`${name}: extends: must name a built-in environment: ${[...builtIns.keys()].join(', ')} (got ${describe(parent)})`);
        continue;
      }
      if (fields.name !== undefined && fields.name !== name) {
        problems.push(`${name}: name: is taken from the entry's key ("${name}"); remove it or make it equal (got ${describe(fields.name)})`);
      }
      const base = parent === undefined ? {} : builtIns.get(parent as string);
      raw.set(name, deepMerge(base, { ...fields, name }));
    }
  }

  problems.push(...crossEnvironmentProblems(raw));
  const wanted = options.only && options.only.length > 0 ? options.only : [...raw.keys()];
  for (const name of wanted) {
    if (!raw.has(name)) problems.push(`env: "${name}" is not a configured environment; known: ${[...raw.keys()].join(', ')}`);
  }

  const configs: EnvironmentConfig[] = [];
  for (const name of wanted.filter((n) => raw.has(n))) {
    const override = options.imageTag === undefined ? {} : { images: { backendTag: options.imageTag, frontendTag: options.imageTag } };
    const merged = deepMerge(raw.get(name), override);
    if (options.imageTag !== undefined && isObject(merged) && isObject(merged.images) && typeof merged.images.buildFrom === 'string') {
      problems.push(`env: "${name}" builds its images from images.buildFrom, so -c imageTag would be ignored; deploy it without imageTag or remove buildFrom (got ${describe(options.imageTag)})`);
    }
    const result = validateEnvironment(merged, name);
    problems.push(...result.problems);
    if (result.config) configs.push(result.config);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return configs;
}
