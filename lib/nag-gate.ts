import * as fs from 'fs';
import * as path from 'path';

/** Error findings of the validation plugins (cdk-nag) in a synthesized assembly. */
export function validationErrors(assemblyDir: string): string[] {
  const file = path.join(assemblyDir, 'validation-report.json');
  if (!fs.existsSync(file)) return [];
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  return (report.pluginReports ?? []).flatMap((p: any) =>
    (p.violations ?? [])
      .filter((v: any) => v.severity === 'error')
      .flatMap((v: any) => (v.violatingConstructs ?? []).map((c: any) => `${v.ruleName} at ${c.constructPath}`)),
  );
}
