import * as fs from 'fs';
import * as path from 'path';

/** The package that ships the Control Tower proactive controls as Guard rules and the Guard binary. */
const PACKAGE_DIR = path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json'));
const CONTROL_TOWER_DIR = path.join(PACKAGE_DIR, 'rules', 'control-tower');

/** One Guard rules file the gate runs. */
export interface GuardRulesFile {
  /** Absolute path of the `.guard` file. */
  readonly file: string;
  /** The Control Tower control id (`CT.KMS.PR.3`); undefined for an organization's own rules. */
  readonly control?: string;
  /** What the control requires, from its metadata. */
  readonly title?: string;
  /**
   * Every CloudFormation resource type the rules file names: a template with none of them cannot
   * break the rule, so the rule is not run on it. Undefined: run on every template.
   */
  readonly resourceTypes?: readonly string[];
  /** The resource types the control reports on (its metadata's `EvaluatedResourceTypes`). */
  readonly reportsOn?: readonly string[];
}

/** Resource types a Guard file names as `"AWS::Service::Type"` (its filters and the types it follows references to). */
export function resourceTypesNamed(guardText: string): string[] {
  return [...new Set(guardText.match(/AWS::[A-Za-z0-9]+::[A-Za-z0-9]+/g) ?? [])].sort();
}

let bundled: GuardRulesFile[] | undefined;

/**
 * The Control Tower proactive controls bundled with `@cdklabs/cdk-validator-cfnguard`, one per
 * `.guard` file, with the id, title and evaluated types of its `metadata/.../*.metadata.json`.
 */
export function controlTowerRules(): readonly GuardRulesFile[] {
  if (bundled) return bundled;
  const rulesDir = path.join(CONTROL_TOWER_DIR, 'cfn-guard');
  const rules: GuardRulesFile[] = [];
  for (const service of fs.readdirSync(rulesDir).sort()) {
    for (const name of fs.readdirSync(path.join(rulesDir, service)).sort()) {
      const file = path.join(rulesDir, service, name);
      const metadataFile = path.join(CONTROL_TOWER_DIR, 'metadata', service, name.replace(/\.guard$/, '.metadata.json'));
      const metadata = JSON.parse(fs.readFileSync(metadataFile, 'utf8')) as { Id: string; DisplayName: string; EvaluatedResourceTypes?: string[] };
      const named = resourceTypesNamed(fs.readFileSync(file, 'utf8'));
      rules.push({
        file,
        control: metadata.Id,
        title: metadata.DisplayName,
        resourceTypes: [...new Set([...named, ...(metadata.EvaluatedResourceTypes ?? [])])].sort(),
        reportsOn: metadata.EvaluatedResourceTypes,
      });
    }
  }
  bundled = rules;
  return rules;
}

/**
 * An organization's own Guard rules: each path is a `.guard` file or a directory of them
 * (searched recursively). They run on every template; their findings carry the Guard rule name.
 */
export function organizationRules(paths: readonly string[]): GuardRulesFile[] {
  const files = (p: string): string[] =>
    fs.statSync(p).isDirectory()
      ? fs
          .readdirSync(p)
          .sort()
          .flatMap((f) => files(path.join(p, f)))
      : p.endsWith('.guard')
        ? [path.resolve(p)]
        : [];
  return paths.flatMap(files).map((file) => ({ file }));
}

/** The Guard binary of the package for this platform (Linux or macOS, x64 or arm64). */
export function guardBinary(): string {
  const platform = process.platform === 'darwin' ? 'macos' : process.platform === 'linux' ? 'ubuntu' : undefined;
  const arch = process.arch === 'x64' ? 'x86_64' : process.arch === 'arm64' ? 'aarch64' : undefined;
  if (!platform || !arch) throw new Error(`cfn-guard is bundled for Linux and macOS on x64 and arm64, not ${process.platform}/${process.arch}`);
  return path.join(PACKAGE_DIR, 'bin', platform, arch, 'cfn-guard');
}

/** Version of the bundled rules and binary, for the validation report. */
export function guardPackageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string }).version;
}
