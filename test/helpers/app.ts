import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addEnvironments } from '../../lib/app';
import { EnvironmentConfig } from '../../lib/config';
import { EnvironmentStage } from '../../lib/stages/environment-stage';

/** The feature flags of cdk.json, so tests synthesize what `cdk synth` does. */
export const CDK_CONTEXT: Record<string, unknown> = JSON.parse(fs.readFileSync(path.join(__dirname, '../../cdk.json'), 'utf8')).context;

export interface NagFinding {
  readonly rule: string;
  readonly path: string;
  readonly severity: string;
  readonly description: string;
}

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
}

/** Synthesizes one environment with the cdk-nag plugin, once per test file (call from beforeAll). */
export function synthEnvironment(config: EnvironmentConfig, options: SynthOptions = {}): SynthesizedEnvironment {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-test-'));
  const app = new App({
    outdir,
    context: {
      ...CDK_CONTEXT,
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...options.context,
    },
  });
  const [stage] = addEnvironments(app, [config]);
  app.synth();
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
    findings: readFindings(outdir),
  };
}

function readFindings(outdir: string): NagFinding[] {
  const file = path.join(outdir, 'validation-report.json');
  if (!fs.existsSync(file)) return [];
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  return (report.pluginReports ?? []).flatMap((p: any) =>
    (p.violations ?? []).flatMap((v: any) =>
      v.violatingConstructs.map((c: any) => ({ rule: v.ruleName, path: c.constructPath, severity: v.severity, description: v.description })),
    ),
  );
}

/** Human-readable list, so a failing nag assertion says what to fix. */
export function describeFindings(findings: readonly NagFinding[]): string[] {
  return findings.filter((f) => f.severity === 'error').map((f) => `${f.rule} at ${f.path}: ${f.description}`);
}
