import * as fs from 'fs';
import * as path from 'path';

/** One finding of a validation plugin (cdk-nag, Control Tower) or of the construct annotations. */
export interface ValidationFinding {
  /** The plugin's name: `AwsSolutions`, `ControlTower`, ... */
  readonly plugin: string;
  readonly rule: string;
  readonly severity: string;
  readonly path: string;
  readonly description?: string;
}

/** Every finding of `validation-report.json` in a synthesized assembly (none when it has no report). */
export function readValidationReport(assemblyDir: string): ValidationFinding[] {
  const file = path.join(assemblyDir, 'validation-report.json');
  if (!fs.existsSync(file)) return [];
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  return (report.pluginReports ?? []).flatMap((p: any) => [
    ...(p.violations ?? []).flatMap((v: any) =>
      (v.violatingConstructs ?? []).map((c: any) => ({
        plugin: p.pluginName,
        rule: v.ruleName,
        severity: v.severity,
        path: c.constructPath ?? c.cloudFormationResource?.logicalId ?? '',
        description: v.description,
      })),
    ),
    // A plugin that crashed reports no violation, only its error: that fails the gate too.
    ...(p.conclusion === 'failure' && (p.violations ?? []).length === 0
      ? [{ plugin: p.pluginName, rule: 'plugin-failure', severity: 'error', path: '', description: p.metadata?.error ?? `${p.pluginName} failed` }]
      : []),
  ]);
}

/** Error findings, as "<rule> at <construct path>". */
export function validationErrors(assemblyDir: string): string[] {
  return readValidationReport(assemblyDir)
    .filter((f) => f.severity === 'error')
    .map((f) => `${f.rule} at ${f.path}`);
}

/** A finding a plugin reported and an acknowledgement suppressed. */
export interface AcknowledgedFinding extends ValidationFinding {
  /** The acknowledged id, e.g. `ControlTower::CT.S3.PR.10`. */
  readonly acknowledgedId: string;
  readonly reason: string;
}

/** Every acknowledged (suppressed) finding of `validation-report.json`. */
export function readAcknowledgedFindings(assemblyDir: string): AcknowledgedFinding[] {
  const file = path.join(assemblyDir, 'validation-report.json');
  if (!fs.existsSync(file)) return [];
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  return (report.pluginReports ?? []).flatMap((p: any) =>
    (p.suppressedViolations ?? []).flatMap((v: any) =>
      (v.violatingConstructs ?? []).map((c: any) => ({
        plugin: p.pluginName,
        rule: v.ruleName,
        severity: v.severity,
        path: c.constructPath ?? '',
        description: v.description,
        acknowledgedId: v.acknowledgedId,
        reason: v.reason,
      })),
    ),
  );
}
