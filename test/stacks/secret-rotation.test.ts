import { Match, Template } from 'aws-cdk-lib/assertions';
import { STAGING } from '../../lib/config/environments';
import { JWT_KEY_FIELDS } from '../../lib/constructs/security/app-secrets';
import { describeFindings, synthEnvironments } from '../helpers/app';
import { configWith } from '../helpers/configs';
import { NagFinding } from '../helpers/nag';
import { EnvironmentStage } from '../../lib/stages/environment-stage';

// GIVEN staging with default rotation, and a copy with both rotations turned off, synthesized once.
let on: EnvironmentStage;
let off: EnvironmentStage;
let findings: NagFinding[];
let security: Template;
let data: Template;

beforeAll(() => {
  ({
    stages: [on, off],
    findings,
  } = synthEnvironments([STAGING, configWith('staging', { name: 'quiet', cache: { authTokenRotationDays: null }, services: { jwtKeyRotationDays: null } })]));
  security = Template.fromStack(on.security);
  data = Template.fromStack(on.data);
});

const functionRef = (prefix: string) => ({ 'Fn::GetAtt': [Match.stringLikeRegexp(`^${prefix}`), 'Arn'] });

test('cdk-nag reports no unacknowledged error', () => {
  expect(describeFindings(findings)).toEqual([]);
});

describe('Redis AUTH token rotation (data stack)', () => {
  test('runs every 30 days by default, never on deploy, through the function next to the cache', () => {
    data.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { 'Fn::ImportValue': Match.stringLikeRegexp('^flashcard-lms-staging-security:.*RedisAuthToken') },
      RotationLambdaARN: functionRef('CacheAuthTokenRotation'),
      RotationRules: { AutomaticallyAfterDays: 30 },
      RotateImmediatelyOnUpdate: false,
    });
  });

  test('the function runs in the VPC with 15 minutes, knows the group and the excluded characters', () => {
    data.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'staging-flashcard-lms-auth-rotation',
      Timeout: 900,
      VpcConfig: Match.objectLike({ SubnetIds: Match.anyValue() }),
      Environment: { Variables: Match.objectLike({ REPLICATION_GROUP_ID: 'staging-flashcard-lms', EXCLUDE_CHARACTERS: Match.absent() }) },
    });
  });

  test('Secrets Manager may invoke it from this account only', () => {
    data.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: functionRef('CacheAuthTokenRotation'),
      Principal: 'secretsmanager.amazonaws.com',
      SourceAccount: '111111111111',
    });
  });

  test('it may change the AUTH token of this replication group only, and reach the cache port', () => {
    data.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'ChangeAuthToken',
            Action: ['elasticache:DescribeReplicationGroups', 'elasticache:ModifyReplicationGroup'],
            Resource: 'arn:aws:elasticache:eu-west-1:111111111111:replicationgroup:staging-flashcard-lms',
          }),
          Match.objectLike({ Sid: 'RecordTokenCount', Action: 'secretsmanager:TagResource' }),
        ]),
      },
    });
    data.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 6379,
      ToPort: 6379,
      Description: 'AUTH token rotation (testSecret)',
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CacheRotationSecurityGroup'), 'GroupId'] },
    });
  });
});

describe('JWT key rotation (security stack)', () => {
  test('the key set is generated as JSON with empty previous and next; no value in the template', () => {
    security.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'flashcard-lms/staging/jwt-signing-keys',
      GenerateSecretString: { SecretStringTemplate: '{"previous":"","next":""}', GenerateStringKey: 'current', PasswordLength: 96, ExcludePunctuation: true },
      SecretString: Match.absent(),
    });
  });

  test('rotates every 30 days by default with a function allowed to redeploy the backend only', () => {
    security.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { Ref: Match.stringLikeRegexp('^SecretsJwtSigningKeys') },
      RotationLambdaARN: functionRef('SecretsJwtKeyRotation'),
      RotationRules: { AutomaticallyAfterDays: 30 },
      RotateImmediatelyOnUpdate: false,
    });
    security.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'staging-flashcard-lms-jwt-key-rotation',
      Environment: { Variables: Match.objectLike({ ECS_CLUSTER: 'staging-flashcard-lms', ECS_SERVICE: 'backend' }) },
      VpcConfig: Match.absent(),
    });
    security.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'RedeployBackend', Action: 'ecs:UpdateService', Resource: 'arn:aws:ecs:eu-west-1:111111111111:service/staging-flashcard-lms/backend' }),
        ]),
      },
    });
    security.hasResourceProperties('AWS::Lambda::Permission', { Principal: 'secretsmanager.amazonaws.com', SourceAccount: '111111111111' });
  });

  test('the backend container gets the three keys as separate variables from the key set', () => {
    const services = Template.fromStack(on.services);
    const [taskDef] = Object.values(services.findResources('AWS::ECS::TaskDefinition', { Properties: { Family: Match.stringLikeRegexp('backend') } }));
    const secrets: Array<{ Name: string; ValueFrom: unknown }> = (taskDef as any).Properties.ContainerDefinitions[0].Secrets;
    const jwt = secrets.filter((s) => s.Name.startsWith('JWT_'));
    expect(jwt.map((s) => s.Name).sort()).toEqual(Object.values(JWT_KEY_FIELDS).sort());
    for (const [field, variable] of Object.entries(JWT_KEY_FIELDS)) {
      expect(JSON.stringify(jwt.find((s) => s.Name === variable)!.ValueFrom)).toMatch(new RegExp(`jwt-signing-keys.*:${field}::$|SecretsJwtSigningKeys.*:${field}::`));
    }
  });
});

test('rotation turned off in config: no schedules or functions of these two (the DocumentDB rotations stay)', () => {
  const quietData = Template.fromStack(off.data);
  expect(Object.keys(quietData.findResources('AWS::SecretsManager::RotationSchedule')).filter((id) => id.startsWith('CacheAuthToken'))).toEqual([]);
  expect(Object.keys(data.findResources('AWS::SecretsManager::RotationSchedule')).filter((id) => id.startsWith('CacheAuthToken'))).toHaveLength(1);
  quietData.resourcePropertiesCountIs('AWS::Lambda::Function', { FunctionName: 'quiet-flashcard-lms-auth-rotation' }, 0);
  const quietSecurity = Template.fromStack(off.security);
  quietSecurity.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
  quietSecurity.resourceCountIs('AWS::Lambda::Function', 0);
});
