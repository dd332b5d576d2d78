import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../../lib/app';
import { executionPolicy, namespaceOf, permissionsBoundary, SERVICE_PREFIXES, uncoveredResourceTypes } from '../../lib/bootstrap-policy';
import { GITHUB_TRUST_WRITE_ACTIONS } from '../../lib/stacks/github-oidc-stack';
import { POLICY_FILES, policyFileContents } from '../../scripts/bootstrap-commands';
import { cdkJsonContext } from '../helpers/nag';

/** Allowed actions of a document, with the resources they apply to. */
function allows(doc: ReturnType<typeof executionPolicy>): Array<{ action: string; resource: string[] }> {
  return doc.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => [s.Action].flat().map((action) => ({ action, resource: [s.Resource].flat() })));
}

describe('the CloudFormation execution policy covers every stack of both environments', () => {
  let types: string[];

  beforeAll(() => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'policy-')), context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
    const stages = buildApp(app, { controlTower: false });
    expect(stages.map((s) => s.config.name)).toEqual(['staging', 'production']);
    const assembly = app.synth();
    // Environment stacks only: the GitHub OIDC stack is deployed with an administrator's credentials.
    const stacks = assembly.stacksRecursively.filter((s) => !s.stackName.startsWith('flashcard-lms-github-oidc'));
    types = [...new Set(stacks.flatMap((s) => Object.values<any>(s.template.Resources ?? {}).map((r) => r.Type as string)))].sort();
    fs.rmSync(app.outdir, { recursive: true, force: true });
  });

  test('every resource type belongs to a service the policy allows', () => {
    expect(types.length).toBeGreaterThan(40);
    expect(uncoveredResourceTypes(types)).toEqual([]);
    const allowed = new Set(allows(executionPolicy()).map((a) => a.action));
    for (const type of types) {
      const ns = namespaceOf(type);
      if (ns === 'AWS::IAM') {
        // Roles and inline policies of the app, by name only.
        const roleActions = allows(executionPolicy())
          .filter((a) => a.resource.includes('arn:aws:iam::*:role/flashcard-lms-*'))
          .map((a) => a.action);
        expect(roleActions).toEqual(expect.arrayContaining(['iam:CreateRole', 'iam:PutRolePolicy', 'iam:PassRole', 'iam:DeleteRole']));
      } else if (ns !== 'AWS::CDK') {
        for (const prefix of SERVICE_PREFIXES[ns]) expect({ type, allowed: allowed.has(`${prefix}:*`) }).toEqual({ type, allowed: true });
      }
    }
  });

  test('an unknown resource type is reported, so a new service cannot slip past the policy', () => {
    expect(uncoveredResourceTypes([...types, 'AWS::Kinesis::Stream'])).toEqual(['AWS::Kinesis::Stream']);
  });
});

describe('the bootstrap documents', () => {
  test('the committed files are what the code generates (npm run bootstrap-plan -- --write)', () => {
    const generated = policyFileContents();
    expect(fs.readFileSync(POLICY_FILES.executionPolicy, 'utf8')).toBe(generated.executionPolicy);
    expect(fs.readFileSync(POLICY_FILES.permissionsBoundary, 'utf8')).toBe(generated.permissionsBoundary);
  });

  test('no account-wide IAM: roles only by the app\'s name prefix, no iam:* and no Action "*"', () => {
    for (const doc of [executionPolicy(), permissionsBoundary()]) {
      const actions = allows(doc).map((a) => a.action);
      expect(actions).not.toContain('*');
      expect(actions).not.toContain('iam:*');
      for (const a of allows(doc).filter((x) => x.action.startsWith('iam:') && x.action !== 'iam:CreateServiceLinkedRole')) {
        expect(a.resource).toEqual(['arn:aws:iam::*:role/flashcard-lms-*']);
      }
    }
  });

  test('both deny changing the GitHub roles, the OIDC provider, the bootstrap and themselves', () => {
    for (const doc of [executionPolicy(), permissionsBoundary()]) {
      const deny = (sid: string) => doc.Statement.find((s) => s.Sid === sid && s.Effect === 'Deny');
      expect(deny('DenyChangingGithubTrust')).toMatchObject({
        Action: expect.arrayContaining([...GITHUB_TRUST_WRITE_ACTIONS, 'iam:CreateRole', 'iam:PassRole']),
        Resource: ['arn:aws:iam::*:role/flashcard-lms-github-*', 'arn:aws:iam::*:oidc-provider/token.actions.githubusercontent.com'],
      });
      expect(deny('DenyChangingBootstrap')).toMatchObject({
        Action: expect.arrayContaining(['iam:UpdateAssumeRolePolicy', 'iam:PutRolePolicy']),
        Resource: 'arn:aws:iam::*:role/cdk-*',
      });
      expect(deny('DenyChangingTheseDocuments')?.Resource).toEqual(['arn:aws:iam::*:policy/flashcard-lms-cdk-execution', 'arn:aws:iam::*:policy/flashcard-lms-cdk-boundary']);
      expect(deny('DenyChangingGithubOidcAndBootstrapStacks')?.Resource).toContain('arn:aws:cloudformation:*:*:stack/flashcard-lms-github-oidc/*');
      expect(deny('DenyUsersAndKeys')?.Action).toEqual(['iam:CreateUser', 'iam:CreateAccessKey', 'iam:CreateLoginProfile']);
    }
  });

  test('a policy document stays under the 6,144-character limit of a managed policy', () => {
    // IAM User Guide, "IAM and AWS STS quotas": managed policy size 6,144 characters (whitespace not counted).
    for (const doc of [executionPolicy(), permissionsBoundary()]) expect(JSON.stringify(doc).length).toBeLessThan(6144);
  });
});
