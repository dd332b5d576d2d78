import { CfnOutput, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { AlarmFactory } from '../constructs/observability/alarm-factory';
import { AlarmTopics } from '../constructs/observability/alarm-topics';
import { ecsClusterName } from '../constructs/service/backend-container';
import { CACHE_PORT } from '../constructs/data/cache-cluster';
import { allowIngressFromClient } from '../constructs/shared/cross-stack-ingress';
import { dashboardUrl } from '../constructs/shared/dashboard-names';
import { DOCDB_PORT } from '../constructs/data/document-database';
import { EventNotifications } from '../constructs/observability/event-notifications';
import { HealthCheck } from '../constructs/observability/health-check';
import { LogInsights } from '../constructs/observability/log-insights';
import { OffHoursSchedule } from '../constructs/observability/off-hours-schedule';
import { PlatformAlarms } from '../constructs/observability/platform-alarms';
import { PlatformDashboard } from '../constructs/observability/platform-dashboard';
import { secretReference } from '../constructs/shared/secret-access';
import { StatusPage } from '../constructs/observability/status-page';
import { CacheCluster } from '../constructs/data/cache-cluster';
import { DatabaseAppUser } from '../constructs/data/database-app-user';
import { DocumentDatabase } from '../constructs/data/document-database';
import { PublicLoadBalancer, SiteNames } from '../constructs/network/public-load-balancer';
import { WebAcl } from '../constructs/security/web-acl';
import { FargateAppService } from '../constructs/service/fargate-app-service';
import { PlatformStackProps } from './platform-stack-props';
import { DEFAULT_CANARY, defaultSlos } from '../config/slo';
import { OutsideInAlarms } from '../constructs/observability/outside-in-alarms';
import { ServiceLevelObjectives } from '../constructs/observability/service-level-objectives';
import { SiteCanary } from '../constructs/observability/site-canary';

/** What the monitoring stack watches in the data tier. */
export interface MonitoredData {
  readonly database: DocumentDatabase;
  readonly cache: CacheCluster;
  /** The read-only user the health check signs in as. */
  readonly healthCheckUser: DatabaseAppUser;
}

/** What the monitoring stack watches in the service tier. */
export interface MonitoredServices {
  readonly names: SiteNames;
  readonly edge: PublicLoadBalancer;
  readonly webAcl: WebAcl;
  readonly backend: FargateAppService;
  readonly frontend: FargateAppService;
}

export interface MonitoringStackProps extends PlatformStackProps {
  readonly data: MonitoredData;
  readonly services: MonitoredServices;
  readonly topics: AlarmTopics;
  /** Lambdas of other stacks, by label, that get an error alarm here. @default none */
  readonly alarmedFunctions?: Readonly<Record<string, lambda.IFunction>>;
  /** Lambdas of other stacks that alarm on their own errors, shown on the dashboard by label. @default none */
  readonly otherFunctions?: Readonly<Record<string, lambda.IFunction>>;
}

/** Priority of the status.<domain> rule on the HTTPS listener (api. is 10, the site 20). */
const STATUS_RULE_PRIORITY = 30;

/**
 * Observability: the health-check Lambda, the public status page, every alarm of the plan and
 * beyond with paging through SNS, log metric filters and saved queries, and the dashboard.
 */
export class MonitoringStack extends Stack {
  public readonly alarms: AlarmFactory;
  public readonly healthCheck: HealthCheck;
  public readonly statusPage: StatusPage;
  public readonly platformAlarms: PlatformAlarms;
  public readonly dashboard: PlatformDashboard;
  public readonly slos: ServiceLevelObjectives;
  public readonly canary: SiteCanary;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const { config, vpc, keys, secrets, data, services, topics } = props;
    const logs = { logsKey: keys.logsKey, logRetentionDays: config.logRetentionDays };
    const url = dashboardUrl(config.region, config.name);
    const clusterName = ecsClusterName(config.name);
    const serviceNames = ['backend', 'frontend'];
    const docdbClusterId = data.database.clusterName;
    const docdbInstanceIds = data.database.instanceIds;
    const cacheNodeIds = data.cache.nodeIds;

    this.alarms = new AlarmFactory(this, 'Alarms', { envName: config.name, critical: topics.critical, warning: topics.warning, dashboardUrl: url });

    this.healthCheck = new HealthCheck(this, 'HealthCheck', {
      envName: config.name,
      vpc,
      ecsClusterName: clusterName,
      ecsServiceNames: serviceNames,
      docdbClusterId,
      databaseUser: secretReference(this, 'DatabaseUserRef', data.healthCheckUser.secret),
      redisUrl: secretReference(this, 'RedisUrlRef', secrets.redisUrl),
      secretsKey: keys.dataKey,
      apiHealthUrl: `https://${services.names.api}${config.services.readinessPath}`,
      webHealthUrl: `https://${services.names.site}/health`,
      ...logs,
    });
    const probe = this.healthCheck.securityGroup;
    allowIngressFromClient(this, 'HealthCheckToDocumentDb', { target: data.database.securityGroup, source: probe, port: DOCDB_PORT, description: 'Health check to DocumentDB' });
    allowIngressFromClient(this, 'HealthCheckToCache', { target: data.cache.securityGroup, source: probe, port: CACHE_PORT, description: 'Health check to ElastiCache' });

    this.statusPage = new StatusPage(this, 'StatusPage', {
      envName: config.name,
      hostName: services.names.status,
      listener: services.edge.httpsListener,
      listenerPriority: STATUS_RULE_PRIORITY,
      reservedConcurrency: config.monitoring.statusPageConcurrency,
      ...logs,
    });

    const logInsights = new LogInsights(this, 'LogInsights', {
      envName: config.name,
      backendLogGroup: services.backend.logGroup,
      appLogGroups: [services.backend.logGroup, services.frontend.logGroup],
    });

    new EventNotifications(this, 'Events', { envName: config.name, ecsClusterName: clusterName, docdbClusterId, warning: topics.warning });

    const ownFunctions = { 'health-check': this.healthCheck.function, 'status-page': this.statusPage.function, ...props.alarmedFunctions };
    const serviceTargets = [
      { name: 'backend', targetGroup: services.backend.targetGroup, alternateTargetGroup: services.backend.alternateTargetGroup },
      { name: 'frontend', targetGroup: services.frontend.targetGroup, alternateTargetGroup: services.frontend.alternateTargetGroup },
    ];
    this.platformAlarms = new PlatformAlarms(this, 'PlatformAlarms', {
      envName: config.name,
      region: config.region,
      thresholds: config.monitoring,
      names: services.names,
      alarms: this.alarms,
      loadBalancer: services.edge.loadBalancer,
      services: serviceTargets,
      clusterName,
      dataTier: { docdbInstanceClass: config.documentDb.instanceClass, docdbInstanceIds, cacheNodeType: config.cache.nodeType, cacheNodeIds },
      certificateArn: services.edge.certificate.certificateArn,
      webAclName: services.webAcl.metricName,
      appErrorsMetric: logInsights.errorLines,
      functions: ownFunctions,
    });

    // SLO pages and the canary page wait for, and stay quiet under, the pages above (docs/slos.md).
    this.slos = new ServiceLevelObjectives(this, 'Slos', {
      envName: config.name,
      objectives: config.slo === undefined ? defaultSlos(config.production) : config.slo,
      backend: services.backend,
      frontend: services.frontend,
      alarms: this.alarms,
      alreadyPaging: [...this.alarms.paging],
    });
    const canary = config.canary ?? DEFAULT_CANARY;
    this.canary = new SiteCanary(this, 'Canary', {
      envName: config.name,
      siteUrl: `https://${services.names.site}/`,
      apiHealthUrl: `https://${services.names.api}${config.services.livenessPath}`,
      statusUrl: `https://${services.names.status}/`,
      everyMinutes: canary.everyMinutes,
    });
    new OutsideInAlarms(this, 'OutsideIn', {
      alarms: this.alarms,
      loadBalancer: services.edge.loadBalancer,
      backend: services.backend,
      canarySuccess: this.canary.successPercent,
      canaryEveryMinutes: canary.everyMinutes,
      site: services.names.site,
      suppression: this.slos.suppression,
    });
    // After every alarm above, so the schedule silences them all.
    if (config.offHours) {
      new OffHoursSchedule(this, 'OffHours', {
        envName: config.name,
        window: config.offHours,
        docdbClusterId,
        silenced: [...this.alarms.alarms, ...this.alarms.compositeAlarms],
        reevaluated: this.platformAlarms.trippedWhenStopped,
        canaryName: this.canary.name,
      });
    }

    // The public page lists only what users feel, in words written for them (PUBLIC_NOTICES).
    this.statusPage.showIncidents(this.alarms.publicNotices);

    this.dashboard = new PlatformDashboard(this, 'Dashboard', {
      envName: config.name,
      region: config.region,
      loadBalancer: services.edge.loadBalancer,
      services: serviceTargets,
      clusterName,
      docdbInstanceIds,
      cacheNodeIds,
      webAclName: services.webAcl.metricName,
      functions: { ...ownFunctions, ...props.otherFunctions },
      alarms: [...this.alarms.compositeAlarms, ...this.alarms.alarms],
      slos: this.slos.views,
    });

    new CfnOutput(this, 'DashboardUrl', { value: url });
  }
}
