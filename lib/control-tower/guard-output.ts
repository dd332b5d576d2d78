/** One rule that a template breaks, with the resources that break it. */
export interface GuardFinding {
  /** The Control Tower control id (`CT.KMS.PR.3`) when the message names one, else the Guard rule name. */
  readonly rule: string;
  /** The Guard rule name (`kms_create_grant_aws_service_check`). */
  readonly guardRule: string;
  readonly description: string;
  /** The rule's `[FIX]:` line, when it has one. */
  readonly fix?: string;
  /** Logical id -> the template paths (`/Resources/<id>/Properties/...`) the failing checks looked at. */
  readonly resources: ReadonlyMap<string, readonly string[]>;
}

/** The logical id given to a finding that names no resource (a rule on the template as a whole). */
export const TEMPLATE = '(template)';

interface Collected {
  messages: string[];
  paths: string[];
}

/** Every custom message and every `/Resources/...` path anywhere under a Guard result node. */
function collect(node: unknown, into: Collected): Collected {
  if (Array.isArray(node)) {
    for (const n of node) collect(n, into);
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'custom_message' && typeof value === 'string' && value.trim()) into.messages.push(value);
      else if (key === 'path' && typeof value === 'string' && value.startsWith('/Resources/')) into.paths.push(value);
      else collect(value, into);
    }
  }
  return into;
}

/**
 * Reads `cfn-guard validate --output-format json --structured` output for one template. A rule
 * is a finding when it is `not_compliant`; its resources are the ones its failing checks reached.
 * `typeOf` gives a logical id's resource type; `evaluatedTypes` keeps only the resources the rule
 * reports on (a check may follow a reference into another resource).
 */
export function parseGuardOutput(
  output: unknown,
  typeOf: (logicalId: string) => string | undefined,
  evaluatedTypes: (rule: string) => readonly string[] | undefined,
): GuardFinding[] {
  const findings: GuardFinding[] = [];
  for (const result of Array.isArray(output) ? output : []) {
    const notCompliant: unknown[] = Array.isArray((result as { not_compliant?: unknown }).not_compliant) ? (result as { not_compliant: unknown[] }).not_compliant : [];
    for (const entry of notCompliant) {
      const rule = (entry as { Rule?: { name?: string } }).Rule;
      if (!rule?.name) continue;
      const { messages, paths } = collect(rule, { messages: [], paths: [] });
      const lines = messages.flatMap((m) => m.split('\n').map((l) => l.trim())).filter((l) => l.length > 0);
      const title = lines.find((l) => /^\[CT\.[A-Z0-9.-]+\]:/.test(l));
      const control = title?.match(/^\[(CT\.[A-Z0-9.-]+)\]/)?.[1];
      const fix = lines.find((l) => l.startsWith('[FIX]:'))?.replace(/^\[FIX\]:\s*/, '');
      const id = control ?? rule.name;
      const types = evaluatedTypes(id);
      const byResource = (keep: (type: string | undefined) => boolean) => {
        const resources = new Map<string, string[]>();
        for (const p of paths) {
          const logicalId = p.split('/')[2];
          if (!keep(typeOf(logicalId))) continue;
          const seen = resources.get(logicalId) ?? [];
          if (!seen.includes(p)) seen.push(p);
          resources.set(logicalId, seen);
        }
        return resources;
      };
      let resources = byResource((type) => type !== undefined && (!types || types.includes(type)));
      // A finding is never dropped: without a resource of the reported types, it names what the checks reached, else the template.
      if (resources.size === 0) resources = byResource((type) => type !== undefined);
      if (resources.size === 0) resources = new Map([[TEMPLATE, []]]);
      findings.push({
        rule: id,
        guardRule: rule.name,
        description: title ?? lines.find((l) => !l.startsWith('[FIX]:')) ?? `Guard rule ${rule.name} is not met`,
        fix,
        resources,
      });
    }
  }
  return findings;
}
