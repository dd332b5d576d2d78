/**
 * Finds resource-policy statements that Allow an AWS service principal without pinning the
 * source account. A service acting for another account (the confused deputy) is then refused.
 */

/** Condition keys that pin the calling service to a source account or resource. */
const SOURCE_KEYS = ['aws:sourceaccount', 'aws:sourcearn', 'aws:sourceowner', 'aws:sourceorgid'];
/**
 * Documented equivalents for KMS: the service encrypts with the resource's ARN as encryption
 * context, which names the account (CloudWatch Logs: aws:logs:arn; SNS: aws:sns:topicArn).
 */
const ENCRYPTION_CONTEXT_KEYS = ['kms:encryptioncontext:aws:logs:arn', 'kms:encryptioncontext:aws:sns:topicarn'];

/** Identity policies and trust policies are not resource policies. */
const IDENTITY_TYPES = new Set(['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group', 'AWS::SSO::PermissionSet']);

export interface UnpinnedGrant {
  readonly resource: string;
  readonly type: string;
  readonly statement: unknown;
}

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function servicePrincipals(statement: any): unknown[] {
  const principal = statement.Principal;
  return principal && typeof principal === 'object' ? asArray(principal.Service) : [];
}

function isPinned(statement: any): boolean {
  const keys = Object.values<any>(statement.Condition ?? {}).flatMap((byKey) => Object.keys(byKey ?? {}).map((k) => k.toLowerCase()));
  return keys.some((k) => SOURCE_KEYS.includes(k) || ENCRYPTION_CONTEXT_KEYS.includes(k));
}

/** Every policy document inside a resource's properties (JSON strings included). */
function policyDocuments(value: unknown, out: any[] = []): any[] {
  if (typeof value === 'string' && value.includes('"Statement"')) {
    try {
      return policyDocuments(JSON.parse(value), out);
    } catch {
      return out;
    }
  }
  if (Array.isArray(value)) value.forEach((v) => policyDocuments(v, out));
  else if (value && typeof value === 'object') {
    if ('Statement' in value) out.push(value);
    else Object.values(value).forEach((v) => policyDocuments(v, out));
  }
  return out;
}

/** Resource-policy statements of a template that Allow a service principal without a source condition. */
export function unpinnedServiceGrants(template: { Resources?: Record<string, any> }): UnpinnedGrant[] {
  const found: UnpinnedGrant[] = [];
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    const props = resource.Properties ?? {};
    if (resource.Type === 'AWS::Lambda::Permission') {
      const principal = JSON.stringify(props.Principal ?? '');
      if (/amazonaws\.com/.test(principal) && props.SourceAccount === undefined && props.SourceArn === undefined) {
        found.push({ resource: id, type: resource.Type, statement: { Principal: props.Principal, Action: props.Action } });
      }
      continue;
    }
    if (IDENTITY_TYPES.has(resource.Type)) continue;
    for (const doc of policyDocuments(props)) {
      for (const statement of asArray<any>(doc.Statement)) {
        if (statement.Effect === 'Allow' && servicePrincipals(statement).length > 0 && !isPinned(statement)) {
          found.push({ resource: id, type: resource.Type, statement });
        }
      }
    }
  }
  return found;
}
