import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolation } from 'aws-cdk-lib';
import { GuardFinding, parseGuardOutput } from './guard-output';
import { controlTowerRules, GuardRulesFile, guardBinary, guardPackageVersion, organizationRules } from './rules';

/** The plugin's name: acknowledgements of its findings are `ControlTower::<control id>`. */
export const CONTROL_TOWER_PLUGIN = 'ControlTower';

export interface ControlTowerChecksProps {
  /**
   * An organization's own Guard rules: `.guard` files or directories of them, run on every
   * template beside the Control Tower controls, through the same gate.
   * @default - only the Control Tower controls
   */
  readonly extraRules?: readonly string[];
}

interface Template {
  Resources?: Record<string, { Type?: string }>;
  [key: string]: unknown;
}

/** cfn-guard exits 0 when every rule passes and 19 when one fails; anything else is an error of Guard itself. */
const GUARD_PASS = 0;
const GUARD_FAIL = 19;

/**
 * The AWS Control Tower proactive controls (CloudFormation Guard rules, bundled with
 * `@cdklabs/cdk-validator-cfnguard`, Guard binary included, no network) as a CDK validation
 * plugin beside cdk-nag: every finding is an error, acknowledged with
 * `Validations.of(construct).acknowledge({ id: 'ControlTower::CT.X.PR.n', reason })`.
 *
 * Runs Guard once per template with only the rules whose resource types the template has, and
 * gives Guard the properties of only those types (other resources keep their type, so references
 * to them resolve): the same findings as running every rule on every whole template, as the
 * package's own plugin does, at a fraction of its time.
 */
export class ControlTowerChecks implements IPolicyValidationPlugin {
  public readonly name = CONTROL_TOWER_PLUGIN;
  public readonly version = guardPackageVersion();
  public readonly ruleIds: string[];
  private readonly rules: readonly GuardRulesFile[];

  constructor(props: ControlTowerChecksProps = {}) {
    this.rules = [...controlTowerRules(), ...organizationRules(props.extraRules ?? [])];
    this.ruleIds = this.rules.map((r) => r.control ?? path.basename(r.file, '.guard'));
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'control-tower-'));
    try {
      const violations = new Map<string, { finding: GuardFinding; resources: PolicyViolation['violatingResources'][number][] }>();
      for (const templatePath of [...context.templatePaths].sort()) {
        for (const finding of this.check(templatePath, workDir)) {
          const entry = violations.get(finding.rule) ?? { finding, resources: [] };
          for (const [logicalId, paths] of [...finding.resources].sort(([a], [b]) => a.localeCompare(b))) {
            entry.resources.push({ resourceLogicalId: logicalId, templatePath, locations: paths.map((p) => p.split('/').slice(3).join('/')) });
          }
          violations.set(finding.rule, entry);
        }
      }
      const sorted = [...violations.values()].sort((a, b) => a.finding.rule.localeCompare(b.finding.rule));
      return {
        success: sorted.length === 0,
        violations: sorted.map(({ finding, resources }) => ({
          ruleName: finding.rule,
          description: finding.description,
          fix: finding.fix,
          severity: 'error',
          ruleMetadata: { GuardRule: finding.guardRule },
          violatingResources: resources,
        })),
      };
    } finally {
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  }

  /** Runs the rules that apply to one template on the resources they can look at. */
  private check(templatePath: string, workDir: string): GuardFinding[] {
    const template = JSON.parse(fs.readFileSync(templatePath, 'utf8')) as Template;
    const resources = template.Resources ?? {};
    const types = new Set(Object.values(resources).map((r) => r.Type ?? ''));
    const rules = this.rules.filter((r) => !r.resourceTypes || r.resourceTypes.some((t) => types.has(t)));
    if (rules.length === 0) return [];
    const wanted = rules.every((r) => r.resourceTypes) ? new Set(rules.flatMap((r) => r.resourceTypes ?? [])) : undefined;
    const data = path.join(workDir, path.basename(templatePath));
    // Resources of other types keep only their type: rules check that a reference resolves in the template.
    const reduced = { ...template, Resources: Object.fromEntries(Object.entries(resources).map(([id, r]) => [id, !wanted || wanted.has(r.Type ?? '') ? r : { Type: r.Type }])) };
    fs.writeFileSync(data, JSON.stringify(reduced, undefined, 1));

    const args = ['validate', ...rules.flatMap((r) => ['--rules', r.file]), '--data', data, '--output-format', 'json', '--show-summary', 'none', '--structured'];
    const result = spawnSync(guardBinary(), args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
    if (result.error) throw result.error;
    if (result.status !== GUARD_PASS && result.status !== GUARD_FAIL) {
      throw new Error(`cfn-guard exited with ${result.status ?? result.signal} on ${templatePath}: ${result.stderr.trim()}`);
    }
    const byControl = new Map(rules.filter((r) => r.control).map((r) => [r.control!, r.reportsOn]));
    return parseGuardOutput(
      JSON.parse(result.stdout || '[]'),
      (id) => resources[id]?.Type,
      (rule) => byControl.get(rule),
    );
  }
}
