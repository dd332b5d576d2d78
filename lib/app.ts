import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EnvironmentConfig, loadEnvironments } from './config';
import { addGithubOidcStacks } from './stacks/github-oidc-stack';
import { EnvironmentStage } from './stages/environment-stage';

/** Context keys the app reads. */
export const CONTEXT = {
  configFile: 'configFile',
  env: 'env',
  imageTag: 'imageTag',
  /** `-c migrate=false` deploys without running the database migration (rollbacks). */
  migrate: 'migrate',
} as const;

/**
 * Reads config from context, validates it (throwing every problem at once), then builds one stage
 * per environment and one GitHub OIDC stack per account they deploy into.
 */
export function buildApp(app: App): EnvironmentStage[] {
  const configFile = app.node.tryGetContext(CONTEXT.configFile) as string | undefined;
  const only = (app.node.tryGetContext(CONTEXT.env) as string | undefined)?.split(',').map((s) => s.trim()).filter(Boolean);
  const imageTag = app.node.tryGetContext(CONTEXT.imageTag) as string | undefined;
  const configs = loadEnvironments({ configFile, only, imageTag: imageTag === undefined ? undefined : String(imageTag) });
  const stages = addEnvironments(app, configs);
  addGithubOidcStacks(app, configs);
  return stages;
}

/** One stage per config, with the cdk-nag AwsSolutions pack validating every stack. */
export function addEnvironments(app: App, configs: readonly EnvironmentConfig[]): EnvironmentStage[] {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return configs.map((config) => new EnvironmentStage(app, config.name, { config }));
}
