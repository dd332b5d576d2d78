#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { buildApp } from '../lib/app';
import { ConfigError } from '../lib/config';
import { validationErrors } from '../lib/nag-gate';

const app = new App();
try {
  buildApp(app);
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
const assembly = app.synth();

// The CLI reports plugin failures but still exits 0; fail here so `cdk synth` and `cdk deploy` stop too.
const errors = validationErrors(assembly.directory);
if (errors.length > 0) {
  console.error(`${errors.length} unacknowledged cdk-nag error(s):\n${errors.map((e) => `  - ${e}`).join('\n')}`);
  process.exitCode = 1;
}
