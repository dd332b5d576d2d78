import { Stage, StageProps, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { EnvironmentConfig } from '../config';
import { applyFirstDeploySafety } from '../first-deploy-safety';
import { AlertingStack } from '../stacks/alerting-stack';
import { BackupDrStack } from '../stacks/backup-dr-stack';
import { BackupStack } from '../stacks/backup-stack';
import { DrillsStack } from '../stacks/drills-stack';
import { networkFaultsEnabled } from '../config/drills';
import { BACKEND_SERVICE } from '../constructs/service/backend-container';
import { DataStack } from '../stacks/data-stack';
import { MigrationStack } from '../stacks/migration-stack';
import { MonitoringStack } from '../stacks/monitoring-stack';
import { NetworkStack } from '../stacks/network-stack';
import { RegistryStack } from '../stacks/registry-stack';
import { SecurityStack } from '../stacks/security-stack';
import { ServiceStack } from '../stacks/service-stack';
import { migrationStackName } from '../contracts';
import { CanaryRegionStack } from '../stacks/canary-region-stack';

export interface EnvironmentStageProps extends StageProps {
  readonly config: EnvironmentConfig;
}

/** One deployable environment: every stack of the platform, built from its validated config. */
export class EnvironmentStage extends Stage {
  public readonly config: EnvironmentConfig;
  public readonly security: SecurityStack;
  public readonly alerting: AlertingStack;
  public readonly network: NetworkStack;
  public readonly data: DataStack;
  public readonly registry: RegistryStack;
  /** Database bootstrap and migration; the services deploy after it. */
  public readonly migration: MigrationStack;
  public readonly services: ServiceStack;
  public readonly monitoring: MonitoringStack;
  public readonly backup: BackupStack;
  /** The vault that receives cross-region copies; only when `backup.copyToRegion` is set. */
  public readonly backupDr?: BackupDrStack;
  /** The site canary run from a second region; only when `canary.secondRegion` is set. */
  public readonly canaryRegion?: CanaryRegionStack;
  /** The drill runner role, and the FIS experiment templates when `drills.enabled` (docs/drills.md). */
  public readonly drills: DrillsStack;

  constructor(scope: Construct, id: string, props: EnvironmentStageProps) {
    super(scope, id, { ...props, env: { account: props.config.account, region: props.config.region } });
    const config = (this.config = props.config);
    // Answers the AZ question from config, so synth never calls AWS.
    this.node.setContext(`availability-zones:account=${config.account}:region=${config.region}`, config.availabilityZones);
    const stateful = { terminationProtection: config.production };
    const prefix = `flashcard-lms-${config.name}`;

    this.security = new SecurityStack(this, 'Security', {
      ...stateful,
      stackName: `${prefix}-security`,
      description: `Flashcard LMS ${config.name}: KMS keys and application secrets (stateful)`,
      config,
    });
    this.alerting = new AlertingStack(this, 'Alerting', {
      stackName: `${prefix}-alerting`,
      description: `Flashcard LMS ${config.name}: critical and warning alarm topics`,
      config,
    });
    this.network = new NetworkStack(this, 'Network', {
      stackName: `${prefix}-network`,
      description: `Flashcard LMS ${config.name}: VPC, flow logs and endpoints`,
      config,
      logsKey: this.security.keys.logsKey,
    });
    const platform = { config, vpc: this.network.network.vpc, keys: this.security.keys, secrets: this.security.secrets };
    this.data = new DataStack(this, 'Data', {
      ...stateful,
      ...platform,
      stackName: `${prefix}-data`,
      description: `Flashcard LMS ${config.name}: DocumentDB, ElastiCache and uploads EFS (stateful)`,
    });
    this.backup = new BackupStack(this, 'Backup', {
      ...stateful,
      stackName: `${prefix}-backup`,
      description: `Flashcard LMS ${config.name}: AWS Backup vault, plan, alerts and restore testing (stateful)`,
      config,
      vpc: this.network.network.vpc,
      keys: this.security.keys,
      database: this.data.database,
      uploads: this.data.uploads,
      topics: this.alerting.topics,
    });
    if (config.backup.copyToRegion !== null) {
      this.backupDr = new BackupDrStack(this, 'BackupDr', {
        ...stateful,
        env: { account: config.account, region: config.backup.copyToRegion },
        stackName: `${prefix}-backup-dr`,
        description: `Flashcard LMS ${config.name}: disaster-recovery backup vault in ${config.backup.copyToRegion} (stateful)`,
        envName: config.name,
        lock: config.backup.vaultLock,
        breakGlassRoleName: config.backup.breakGlassRoleName,
      });
      // Copies need the DR vault to exist; the ARN is passed as a string, so order the deploys here.
      this.backup.addStackDependency(this.backupDr);
    }

    this.registry = new RegistryStack(this, 'Registry', {
      ...stateful,
      stackName: `${prefix}-registry`,
      description: `Flashcard LMS ${config.name}: ECR repositories of the services (stateful)`,
      config,
    });
    this.migration = new MigrationStack(this, 'Migration', {
      stackName: migrationStackName(config.name),
      description: `Flashcard LMS ${config.name}: database bootstrap and migrations, run before the services deploy`,
      ...platform,
      data: this.data,
      repositories: this.registry.repositories,
      topics: this.alerting.topics,
    });
    this.services = new ServiceStack(this, 'Services', {
      stackName: `${prefix}-services`,
      description: `Flashcard LMS ${config.name}: ECS Fargate services, ALB, WAF and DNS`,
      ...platform,
      data: this.data,
      repositories: this.registry.repositories,
      topics: this.alerting.topics,
    });
    // The new backend takes traffic only after the bootstrap and the migration succeeded: the ECS
    // deployment (green tasks, test traffic, the smoke-check hook, the shift) starts inside the
    // services update, after this stack (docs/progressive-delivery.md, "Migrations and hooks").
    this.services.addStackDependency(this.migration, 'database bootstrap and migration run first');

    this.monitoring = new MonitoringStack(this, 'Monitoring', {
      stackName: `${prefix}-monitoring`,
      description: `Flashcard LMS ${config.name}: alarms, dashboard, health check and status page`,
      ...platform,
      data: this.data,
      services: this.services,
      topics: this.alerting.topics,
      alarmedFunctions: {
        'db-bootstrap': this.migration.bootstrap.function,
        'migration-start': this.migration.migration.startFunction,
        'migration-poll': this.migration.migration.pollFunction,
        ...this.services.deployHookFunctions,
      },
      otherFunctions: { 'restore-validation': this.backup.restoreTesting.validator },
    });

    const secondRegion = config.canary?.secondRegion;
    if (secondRegion) {
      this.canaryRegion = new CanaryRegionStack(this, 'CanaryRegion', {
        env: { account: config.account, region: secondRegion },
        stackName: `${prefix}-canary`,
        description: `Flashcard LMS ${config.name}: the site canary run from ${secondRegion}`,
        canary: { ...this.monitoring.canary.settings },
        homeRegion: config.region,
        warning: config.alarms.warning,
      });
    }
    this.drills = new DrillsStack(this, 'Drills', {
      stackName: `${prefix}-drills`,
      description: `Flashcard LMS ${config.name}: the drill runner role and the AWS FIS experiment templates`,
      ...platform,
      backendServiceName: BACKEND_SERVICE,
      networkFaults: networkFaultsEnabled(config),
    });
    // The stop conditions name the monitoring stack's alarms.
    this.drills.addStackDependency(this.monitoring, 'stop-condition alarms exist first');

    applyFirstDeploySafety(this);
    Tags.of(this).add('Project', 'flashcard-lms');
    Tags.of(this).add('Environment', config.name);
    Tags.of(this).add('ManagedBy', 'cdk');
  }
}
