#!/usr/bin/env node
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import type * as AppModule from '../lib/app';
import type * as NagGateModule from '../lib/nag-gate';

/** cdk.json's context (feature flags): the defaults when the app runs without the CLI. The CLI's context wins. */
function cdkJsonContext(): Record<string, unknown> {
  return (JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> }).context ?? {};
}

/** Errors that name a bad input: printed alone, without a stack trace. */
function isInputError(e: unknown): e is Error & { problems: readonly string[] } {
  return e instanceof Error && e.name === 'ConfigError' && Array.isArray((e as { problems?: unknown }).problems);
}

function main(): number {
  // Loaded here, not imported at the top: the built-in config reads release.json as it loads.
  const { buildApp } = require('../lib/app') as typeof AppModule;
  const { validationErrors } = require('../lib/nag-gate') as typeof NagGateModule;
  // Synthesized below only when every input is valid, so a bad one leaves the output directory untouched.
  const app = new App({ context: cdkJsonContext(), autoSynth: false });
  const stages = buildApp(app);
  const assembly = app.synth();

  // With stages, `cdk ls` and `cdk synth` without arguments show only the account-level stacks.
  const patterns = stages.map((s) => `'${s.stageName}/*'`).join(' ');
  if (patterns) console.error(`Environment stacks are inside stages: cdk ls ${patterns} (or '**' for every stack).`);

  // The CLI reports plugin failures but still exits 0; fail here so `cdk synth` and `cdk deploy` stop too.
  const errors = validationErrors(assembly.directory);
  if (errors.length > 0) {
    console.error(`${errors.length} unacknowledged validation error(s) (cdk-nag, Control Tower):\n${errors.map((e) => `  - ${e}`).join('\n')}`);
    return 1;
  }
  return 0;
}

try {
  process.exitCode = main();
} catch (e) {
  if (!isInputError(e)) throw e;
  console.error(e.message);
  process.exitCode = 1;
}
