import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addEnvironments } from '../../lib/app';
import { EnvironmentConfig } from '../../lib/config';
import { EnvironmentStage } from '../../lib/stages/environment-stage';
import { cdkJsonContext, NagFinding, synthFindings } from './nag';

export interface SynthesizedEnvironment {
  readonly stage: EnvironmentStage;
  /** Template of a stack by its id inside the stage (`Data`, `Network`, ...). */
  readonly template: (stackId: string) => Template;
  /** cdk-nag AwsSolutions findings (and construct annotations) of the whole app. */
  readonly findings: readonly NagFinding[];
}

export interface SynthOptions {
  /** Bundle Lambda code (slow); off unless a test inspects bundles. @default false */
  readonly bundle?: boolean;
  /** Extra context, e.g. `imageTag`. */
  readonly context?: Record<string, unknown>;
  /** Run the Control Tower controls too (seconds per template); test/control-tower runs them on every stack. @default false */
  readonly controlTower?: boolean;
  /** An organization's Guard rules, run with the Control Tower controls. @default none */
  readonly guardRules?: readonly string[];
}

/** Synthesizes several environments in one app with the cdk-nag plugin, once per test file (call from beforeAll). */
export function synthEnvironments(configs: readonly EnvironmentConfig[], options: SynthOptions = {}): { stages: EnvironmentStage[]; findings: NagFinding[] } {
  const app = new App({
    outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-test-')),
    context: {
      ...cdkJsonContext(),
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...options.context,
    },
  });
  // addEnvironments adds the AwsSolutions plugin (and, when asked, the Control Tower one), as the app does.
  const stages = addEnvironments(app, configs, { controlTower: options.controlTower ?? false, guardRules: options.guardRules });
  return { stages, findings: synthFindings(app) };
}

/** Synthesizes one environment with the cdk-nag plugin, once per test file (call from beforeAll). */
export function synthEnvironment(config: EnvironmentConfig, options: SynthOptions = {}): SynthesizedEnvironment {
  const {
    stages: [stage],
    findings,
  } = synthEnvironments([config], options);
  const templates = new Map<string, Template>();
  return {
    stage,
    template: (stackId: string) => {
      if (!templates.has(stackId)) {
        const stack = stage.node.findChild(stackId) as any;
        templates.set(stackId, Template.fromStack(stack));
      }
      return templates.get(stackId)!;
    },
    findings,
  };
}
/** Human-readable list, so a failing nag assertion says what to fix. */
export function describeFindings(findings: readonly NagFinding[]): string[] {
  return findings.filter((f) => f.severity === 'error').map((f) => `${f.rule} at ${f.path}: ${f.description}`);
}
