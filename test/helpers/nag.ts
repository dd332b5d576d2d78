import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readValidationReport, ValidationFinding } from '../../lib/nag-gate';

/** One cdk-nag finding as the validation report lists it. */
export type NagFinding = ValidationFinding;

/** The feature flags of cdk.json, so tests synthesize what `cdk synth` does. */
export function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context;
}

/** An App with cdk.json's context, a fresh temporary outdir and the AwsSolutions pack as a validation plugin. */
export function nagApp(props: AppProps = {}): App {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'nag-')), ...props, context: { ...cdkJsonContext(), ...props.context } });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
}

/**
 * Synthesizes the app once and returns every finding of `validation-report.json`. Synthesis
 * throws when a plugin reports an error; the report is written first, so it is read either way.
 */
export function synthFindings(app: App): NagFinding[] {
  try {
    app.synth();
  } catch (e) {
    if (!fs.existsSync(path.join(app.outdir, 'validation-report.json'))) throw e;
  }
  return readValidationReport(app.outdir);
}

/** Error findings under a construct path prefix, formatted for a readable assertion diff. */
export function nagErrors(findings: readonly NagFinding[], pathPrefix = ''): string[] {
  return findings.filter((f) => f.severity === 'error' && f.path.startsWith(pathPrefix)).map((f) => `${f.rule} at ${f.path}`);
}
