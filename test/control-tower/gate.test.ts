import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { applyControlTowerFixes, ControlTowerChecks, controlTowerAcknowledgementId, controlTowerRules } from '../../lib/control-tower';
import { readAcknowledgedFindings, validationErrors } from '../../lib/nag-gate';
import { cdkJsonContext, synthFindings } from '../helpers/nag';

/** A bare app with only the Control Tower plugin (and, when given, an organization's rules). */
function controlTowerApp(extraRules?: string[]): App {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'ct-')), context: cdkJsonContext() });
  Validations.of(app).addPlugins(new ControlTowerChecks({ extraRules }));
  return app;
}

const ORG_RULE = `
let topics = Resources.*[ Type == "AWS::SNS::Topic" ]
rule org_topics_are_encrypted when %topics not empty {
  %topics.Properties.KmsMasterKeyId exists
  <<
    Organization rule: every SNS topic is encrypted with a KMS key
  >>
}
`;

describe('GIVEN a stack that reintroduces a finding', () => {
  test('a key policy that does not restrict grants fails the gate with CT.KMS.PR.3, naming the key', () => {
    const app = controlTowerApp();
    const stack = new Stack(app, 'Keys', { env: { account: '111111111111', region: 'eu-west-1' } });
    new kms.CfnKey(stack, 'OpenKey', {
      enableKeyRotation: true,
      keyPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' }] },
    });
    const findings = synthFindings(app);
    expect(findings.filter((f) => f.plugin === 'ControlTower').map((f) => `${f.rule} at ${f.path}`)).toEqual(['CT.KMS.PR.3 at Keys/OpenKey']);
    expect(validationErrors(app.outdir)).toEqual(['CT.KMS.PR.3 at Keys/OpenKey']);
  });

  test('the same key made with kms.Key passes once the fixes apply, and an acknowledgement silences the finding with its reason', () => {
    const app = controlTowerApp();
    const stack = new Stack(app, 'Keys', { env: { account: '111111111111', region: 'eu-west-1' } });
    new kms.Key(stack, 'Fixed', { enableKeyRotation: true });
    const open = new kms.CfnKey(stack, 'Acknowledged', {
      enableKeyRotation: true,
      keyPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' }] },
    });
    Validations.of(open).acknowledge({ id: controlTowerAcknowledgementId('CT.KMS.PR.3'), reason: 'A test key.' });
    applyControlTowerFixes(app);
    expect(synthFindings(app).filter((f) => f.plugin === 'ControlTower')).toEqual([]);
    expect(readAcknowledgedFindings(app.outdir).map((f) => `${f.rule} at ${f.path}: ${f.reason}`)).toEqual(['CT.KMS.PR.3 at Keys/Acknowledged: A test key.']);
  });

  test('a Lambda permission whose source is a rule of the same template passes: references still resolve in what Guard is given', () => {
    const app = controlTowerApp();
    const stack = new Stack(app, 'Functions', { env: { account: '111111111111', region: 'eu-west-1' } });
    const rule = new events.Rule(stack, 'Schedule', { schedule: events.Schedule.rate(Duration.minutes(5)) });
    new lambda.CfnPermission(stack, 'Invoke', {
      action: 'lambda:InvokeFunction',
      functionName: 'arn:aws:lambda:eu-west-1:111111111111:function:f',
      principal: 'events.amazonaws.com',
      sourceArn: rule.ruleArn,
      sourceAccount: '111111111111',
    });
    expect(synthFindings(app).filter((f) => f.rule === 'CT.LAMBDA.PR.2')).toEqual([]);
  });
});

describe("GIVEN an organization's own Guard rules file", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'org-rules-'));
  const file = path.join(dir, 'org.guard');
  fs.writeFileSync(file, ORG_RULE);

  test('its rule runs through the same gate and fails on a resource that breaks it, under the Guard rule name', () => {
    const app = controlTowerApp([file]);
    const stack = new Stack(app, 'Topics', { env: { account: '111111111111', region: 'eu-west-1' } });
    new sns.Topic(stack, 'Plain');
    new sns.Topic(stack, 'Encrypted', { masterKey: kms.Alias.fromAliasName(stack, 'Alias', 'alias/aws/sns') });
    synthFindings(app);
    expect(validationErrors(app.outdir)).toEqual(['org_topics_are_encrypted at Topics/Plain/Resource']);
  });

  test('a directory of rules works the same way', () => {
    const app = controlTowerApp([dir]);
    const stack = new Stack(app, 'Topics', { env: { account: '111111111111', region: 'eu-west-1' } });
    new sns.Topic(stack, 'Plain');
    synthFindings(app);
    expect(validationErrors(app.outdir)).toEqual(['org_topics_are_encrypted at Topics/Plain/Resource']);
  });
});

test('every bundled control has an id, a title and the resource types it is run for', () => {
  const rules = controlTowerRules();
  expect(rules.length).toBeGreaterThan(200);
  for (const r of rules) {
    expect(r.control).toMatch(/^CT\.[A-Z0-9-]+\.PR\.\d+$/);
    expect(r.title).toBeTruthy();
    // The rule runs on a template when it has one of these types; what it reports on is among them.
    expect(r.resourceTypes!.length).toBeGreaterThan(0);
    for (const t of r.reportsOn ?? []) expect(r.resourceTypes).toContain(t);
  }
});

test('the key-policy fix is the statement CT.KMS.PR.3 asks for', () => {
  const stack = new Stack(new App(), 'S');
  new kms.Key(stack, 'K');
  applyControlTowerFixes(stack.node.root);
  // Aspects run at synth; render the policy the way the template will.
  Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
    KeyPolicy: {
      Statement: Match.arrayWith([
        {
          Sid: 'DenyGrantsExceptForAwsResources',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'kms:CreateGrant',
          Resource: '*',
          Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
        },
      ]),
    },
  });
});
