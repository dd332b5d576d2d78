import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { applyControlTowerAcknowledgements, applyControlTowerFixes, ControlTowerChecks } from './control-tower';
import { ConfigError, EnvironmentConfig, loadEnvironments } from './config';
import { readContext } from './config/context';
import { GITHUB, githubConfigProblems } from './config/github';
import { addGithubOidcStacks } from './stacks/github-oidc-stack';
import { EnvironmentStage } from './stages/environment-stage';

export { CONTEXT } from './config/context';

/**
 * Reads context and config and validates all of it (throwing every problem at once) before any
 * construct exists, so a bad input bundles nothing and writes nothing; then builds one stage per
 * environment and one GitHub OIDC stack per account they deploy into. Tests that do not look at
 * the Control Tower findings pass `{ controlTower: false }`; the app always runs them.
 */
export function buildApp(app: App, validation: Pick<ValidationOptions, 'controlTower'> = {}): EnvironmentStage[] {
  const { inputs, problems } = readContext(app.node.getAllContext() as Record<string, unknown>);
  let configs: EnvironmentConfig[] = [];
  try {
    configs = loadEnvironments(inputs.load);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    problems.push(...e.details);
  }
  if (problems.length === 0) problems.push(...githubConfigProblems(GITHUB, configs));
  if (problems.length > 0) throw new ConfigError(problems);
  const stages = addEnvironments(app, configs, { ...validation, guardRules: inputs.guardRules });
  addGithubOidcStacks(app, configs);
  return stages;
}

/** Which validation plugins check the stacks besides cdk-nag. */
export interface ValidationOptions {
  /**
   * Run the AWS Control Tower proactive controls. Tests that do not look at them turn them off,
   * and one test runs them on every stack (they take seconds per template).
   * @default true
   */
  readonly controlTower?: boolean;
  /** An organization's own Guard rules (files or directories), run with the Control Tower controls. @default - none */
  readonly guardRules?: readonly string[];
}

/** One stage per config, with the cdk-nag AwsSolutions pack and the Control Tower controls validating every stack. */
export function addEnvironments(app: App, configs: readonly EnvironmentConfig[], options: ValidationOptions = {}): EnvironmentStage[] {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  if (options.controlTower ?? true) Validations.of(app).addPlugins(new ControlTowerChecks({ extraRules: options.guardRules }));
  applyControlTowerFixes(app);
  return configs.map((config) => {
    const stage = new EnvironmentStage(app, config.name, { config });
    // Aspects stop at stage boundaries: each stage gets its own.
    applyControlTowerFixes(stage);
    applyControlTowerAcknowledgements(stage, config);
    return stage;
  });
}
