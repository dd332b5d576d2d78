import * as fs from 'fs';
import * as path from 'path';

/**
 * The `configFile` the CDK app reads from cdk.json's context (what `cdk deploy` uses), so the
 * scripts see the same environments as the deploy. `undefined` when none is set.
 */
export function configFileOfApp(cdkJson = path.join(__dirname, '..', 'cdk.json')): string | undefined {
  const context = (JSON.parse(fs.readFileSync(cdkJson, 'utf8')) as { context?: Record<string, unknown> }).context ?? {};
  const file = context.configFile;
  if (file === undefined) return undefined;
  if (typeof file !== 'string' || file === '') throw new Error(`cdk.json: context.configFile must be a path to a JSON config file (got ${JSON.stringify(file)})`);
  return path.resolve(path.dirname(cdkJson), file);
}
