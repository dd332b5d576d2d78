import * as fs from 'fs';
import * as path from 'path';
import { LoadOptions } from './load-config';
import { ENV_NAME, ENV_NAME_RULE, IMAGE_TAG, IMAGE_TAG_RULE } from '../contracts';
import { ConfigProblem } from './problems';

/** Context keys the app reads (`-c key=value`, or cdk.json's `context`). */
export const CONTEXT = {
  configFile: 'configFile',
  env: 'env',
  imageTag: 'imageTag',
  /** `-c migrate=false` deploys without running the database migration (rollbacks). */
  migrate: 'migrate',
  /** `-c guardRules=org-rules/,extra.guard`: an organization's Guard rules, run beside the Control Tower controls. */
  guardRules: 'guardRules',
} as const;

/** The app's context, validated; invalid values are left out. */
export interface AppInputs {
  readonly load: LoadOptions;
  /** False only for `-c migrate=false`. */
  readonly migrate: boolean;
  /** Guard rule files or directories of `-c guardRules` (none when not given). */
  readonly guardRules: readonly string[];
}

const OWN_KEYS: readonly string[] = Object.values(CONTEXT);

/**
 * Reads and checks every context value the app takes. The CLI passes `-c` values as strings,
 * cdk.json may hold real booleans, so "true"/"false" and true/false are both accepted, nothing else.
 * Keys without ":" or a leading "@" are the app's own; an unknown one is most likely a typo.
 */
export function readContext(context: Readonly<Record<string, unknown>>): { inputs: AppInputs; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const add = (key: string, value: unknown, message: string) => problems.push({ path: `-c ${key}`, value, message });

  for (const key of Object.keys(context).sort()) {
    if (!key.includes(':') && !key.startsWith('@') && !OWN_KEYS.includes(key)) {
      add(key, context[key], `is not a context key of this app; it reads ${OWN_KEYS.join(', ')}`);
    }
  }

  let only: string[] | undefined;
  const env = context[CONTEXT.env];
  if (env !== undefined) {
    if (typeof env !== 'string') {
      add(CONTEXT.env, env, 'must be a comma-separated list of environment names, e.g. "staging,production"');
    } else {
      const names: string[] = [];
      for (const name of env.split(',').map((s) => s.trim())) {
        if (!ENV_NAME.test(name)) add(CONTEXT.env, env, `"${name}" is not an environment name: ${ENV_NAME_RULE}, separated by commas`);
        else if (names.includes(name)) add(CONTEXT.env, env, `names "${name}" twice; give each environment once`);
        else names.push(name);
      }
      only = names;
    }
  }

  const imageTag = context[CONTEXT.imageTag];
  if (imageTag !== undefined && (typeof imageTag !== 'string' || !IMAGE_TAG.test(imageTag))) {
    add(CONTEXT.imageTag, imageTag, `must be an image tag: ${IMAGE_TAG_RULE}, e.g. a git SHA`);
  }

  const migrateValue = context[CONTEXT.migrate];
  let migrate = true;
  if (migrateValue !== undefined) {
    if (migrateValue === false || migrateValue === 'false') migrate = false;
    else if (migrateValue !== true && migrateValue !== 'true')
      add(CONTEXT.migrate, migrateValue, 'must be exactly true or false; false deploys without running the database migration');
  }

  const configFile = context[CONTEXT.configFile];
  let file: string | undefined;
  if (configFile !== undefined) {
    if (typeof configFile !== 'string' || configFile.length === 0) {
      add(CONTEXT.configFile, configFile, 'must be the path of a JSON file of environments, e.g. examples/environments.json');
    } else if (!fs.existsSync(configFile)) {
      add(CONTEXT.configFile, configFile, `must be an existing JSON file (relative paths start at ${process.cwd()}); nothing is at ${path.resolve(configFile)}`);
    } else if (!fs.statSync(configFile).isFile()) {
      add(CONTEXT.configFile, configFile, `must be a JSON file; ${path.resolve(configFile)} is a directory`);
    } else {
      file = configFile;
    }
  }

  const guardRules: string[] = [];
  const rulesValue = context[CONTEXT.guardRules];
  if (rulesValue !== undefined) {
    if (typeof rulesValue !== 'string' || rulesValue.trim().length === 0) {
      add(CONTEXT.guardRules, rulesValue, 'must be a comma-separated list of Guard rule files (.guard) or directories of them, e.g. policies/org.guard');
    } else {
      for (const p of rulesValue.split(',').map((s) => s.trim())) {
        if (!fs.existsSync(p)) add(CONTEXT.guardRules, rulesValue, `names ${p}, but nothing is at ${path.resolve(p)}; give .guard files or directories of them`);
        else if (fs.statSync(p).isFile() && !p.endsWith('.guard')) add(CONTEXT.guardRules, rulesValue, `names ${p}, which is not a Guard rules file (.guard)`);
        else guardRules.push(p);
      }
    }
  }

  // The valid parts still load, so config problems show beside these.
  const tag = typeof imageTag === 'string' && IMAGE_TAG.test(imageTag) ? imageTag : undefined;
  return { inputs: { load: { configFile: file, only, imageTag: tag }, migrate, guardRules }, problems };
}
