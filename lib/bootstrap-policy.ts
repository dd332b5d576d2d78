import { EXECUTION_POLICY_NAME, PERMISSIONS_BOUNDARY_NAME } from './config/bootstrap';
import { GITHUB_ROLE_PREFIX } from './config/github-access';
import { GITHUB_OIDC_STACK_NAME, GITHUB_TRUST_WRITE_ACTIONS } from './stacks/github-oidc-stack';

/**
 * The CloudFormation execution policy and permissions boundary `cdk bootstrap` gives the
 * execution role instead of AdministratorAccess (`--cloudformation-execution-policies`,
 * `--custom-permissions-boundary`; CDK Developer Guide: "cdk bootstrap" and "Create and apply
 * permissions boundaries for the AWS CDK"). Written to bootstrap/*.json by
 * `npm run bootstrap-plan -- --write`; a test keeps the files and this code equal and checks
 * every resource type the app synthesizes is covered.
 */

/** IAM service prefix(es) that create, update and delete each CloudFormation namespace of the app. */
export const SERVICE_PREFIXES: Readonly<Record<string, readonly string[]>> = {
  'AWS::ApplicationAutoScaling': ['application-autoscaling'],
  'AWS::ApplicationSignals': ['application-signals'],
  // Creating a vault also mounts its storage (AWS Backup developer guide, "Access control").
  'AWS::Backup': ['backup', 'backup-storage'],
  'AWS::Budgets': ['budgets'],
  // Cost Anomaly Detection monitors and subscriptions are Cost Explorer resources.
  'AWS::CE': ['ce'],
  'AWS::CertificateManager': ['acm'],
  'AWS::CloudWatch': ['cloudwatch'],
  // DocumentDB's control plane is the RDS API.
  'AWS::DocDB': ['rds'],
  'AWS::EC2': ['ec2'],
  'AWS::ECR': ['ecr'],
  'AWS::ECS': ['ecs'],
  'AWS::EFS': ['elasticfilesystem'],
  'AWS::ElastiCache': ['elasticache'],
  'AWS::ElasticLoadBalancingV2': ['elasticloadbalancing'],
  'AWS::Events': ['events'],
  // Experiment templates of the drills (docs/drills.md).
  'AWS::FIS': ['fis'],
  'AWS::KMS': ['kms'],
  'AWS::Lambda': ['lambda'],
  'AWS::Logs': ['logs'],
  'AWS::Route53': ['route53'],
  'AWS::S3': ['s3'],
  'AWS::SNS': ['sns'],
  'AWS::Scheduler': ['scheduler'],
  'AWS::SecretsManager': ['secretsmanager'],
  // The rotation application: the SAM transform expands it into a nested stack from the Serverless Application Repository.
  'AWS::Serverless': ['serverlessrepo', 'cloudformation'],
  'AWS::StepFunctions': ['states'],
  // Creating a canary also creates its Lambda function and layer, covered by 'lambda' above.
  'AWS::Synthetics': ['synthetics'],
  'AWS::WAFv2': ['wafv2'],
  // Custom resources: CloudFormation invokes the provider function.
  Custom: ['lambda'],
};

/** Namespaces covered by dedicated statements rather than a service-wide allow. */
const SPECIAL = new Set(['AWS::IAM', 'AWS::CDK']);

/** The namespace of a CloudFormation resource type (`AWS::EC2::VPC` -> `AWS::EC2`, `Custom::X` -> `Custom`). */
export function namespaceOf(resourceType: string): string {
  return resourceType.startsWith('Custom::') || resourceType === 'AWS::CloudFormation::CustomResource' ? 'Custom' : resourceType.split('::').slice(0, 2).join('::');
}

/** Every namespace among `resourceTypes` that neither the service map nor a dedicated statement covers. */
export function uncoveredResourceTypes(resourceTypes: Iterable<string>): string[] {
  return [...new Set(resourceTypes)].filter((t) => !SPECIAL.has(namespaceOf(t)) && !(namespaceOf(t) in SERVICE_PREFIXES)).sort();
}

/** App roles: CloudFormation names them after their stack, and every stack is `flashcard-lms-<env>-*`. */
const APP_ROLES = 'arn:aws:iam::*:role/flashcard-lms-*';
const ROLE_ACTIONS = [
  'iam:AttachRolePolicy',
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:GetRole',
  'iam:GetRolePolicy',
  'iam:ListAttachedRolePolicies',
  'iam:ListRolePolicies',
  'iam:PassRole',
  'iam:PutRolePolicy',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:UpdateAssumeRolePolicy',
  'iam:UpdateRole',
  'iam:UpdateRoleDescription',
];

interface Statement {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}
export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly Statement[];
}

/** The explicit denies both documents carry: the trust between GitHub and AWS, and the bootstrap itself. */
function guardStatements(): Statement[] {
  const github = [`arn:aws:iam::*:role/${GITHUB_ROLE_PREFIX}*`, 'arn:aws:iam::*:oidc-provider/token.actions.githubusercontent.com'];
  return [
    { Sid: 'DenyChangingGithubTrust', Effect: 'Deny', Action: [...GITHUB_TRUST_WRITE_ACTIONS, 'iam:CreateRole', 'iam:PassRole'].sort(), Resource: github },
    {
      Sid: 'DenyChangingBootstrap',
      Effect: 'Deny',
      Action: [...GITHUB_TRUST_WRITE_ACTIONS.filter((a) => a.includes('Role')), 'iam:CreateRole'].sort(),
      Resource: 'arn:aws:iam::*:role/cdk-*',
    },
    {
      Sid: 'DenyChangingTheseDocuments',
      Effect: 'Deny',
      Action: ['iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:TagPolicy', 'iam:UntagPolicy'],
      Resource: [`arn:aws:iam::*:policy/${EXECUTION_POLICY_NAME}`, `arn:aws:iam::*:policy/${PERMISSIONS_BOUNDARY_NAME}`],
    },
    {
      Sid: 'DenyChangingGithubOidcAndBootstrapStacks',
      Effect: 'Deny',
      Action: 'cloudformation:*',
      Resource: [`arn:aws:cloudformation:*:*:stack/${GITHUB_OIDC_STACK_NAME}/*`, 'arn:aws:cloudformation:*:*:stack/CDKToolkit/*'],
    },
    // No long-lived keys: nothing deployed here needs an IAM user.
    { Sid: 'DenyUsersAndKeys', Effect: 'Deny', Action: ['iam:CreateUser', 'iam:CreateAccessKey', 'iam:CreateLoginProfile'], Resource: '*' },
  ];
}

/** Allows what the app's stacks create, nothing account-wide in IAM; then the guards. */
export function executionPolicy(): PolicyDocument {
  const services = [...new Set(Object.values(SERVICE_PREFIXES).flat())].sort().map((p) => `${p}:*`);
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AppServices', Effect: 'Allow', Action: services, Resource: '*' },
      { Sid: 'AppRoles', Effect: 'Allow', Action: ROLE_ACTIONS, Resource: APP_ROLES },
      { Sid: 'ServiceLinkedRoles', Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: 'arn:aws:iam::*:role/aws-service-role/*' },
      // The `BootstrapVersion` template parameter reads the bootstrap version from SSM.
      { Sid: 'BootstrapVersion', Effect: 'Allow', Action: ['ssm:GetParameter', 'ssm:GetParameters'], Resource: 'arn:aws:ssm:*:*:parameter/cdk-bootstrap/*' },
      ...guardStatements(),
    ],
  };
}

/** The boundary caps the execution role at the same allows and keeps the guards, whatever policies it gets later. */
export function permissionsBoundary(): PolicyDocument {
  return { Version: '2012-10-17', Statement: executionPolicy().Statement.map((s) => (s.Sid === 'AppServices' ? { ...s, Sid: 'AppServicesAtMost' } : s)) };
}
