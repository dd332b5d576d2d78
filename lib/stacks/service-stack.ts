import { CfnOutput, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { EnvironmentConfig } from '../config';
import { AlarmFactory } from '../constructs/observability/alarm-factory';
import { AlarmTopics } from '../constructs/observability/alarm-topics';
import { BACKEND_SERVICE, backendEnvironment, backendSecrets, ecsClusterName } from '../constructs/service/backend-container';
import { CACHE_PORT, CacheCluster } from '../constructs/data/cache-cluster';
import { dashboardUrl } from '../constructs/shared/dashboard-names';
import { allowIngressFromClient } from '../constructs/shared/cross-stack-ingress';
import { DOCDB_PORT, DocumentDatabase } from '../constructs/data/document-database';
import { encryptedLogGroup } from '../constructs/shared/encrypted-log-group';
import { FargateAppService } from '../constructs/service/fargate-app-service';
import { PublicLoadBalancer, SiteNames } from '../constructs/network/public-load-balancer';
import { grantDecryptViaSecretsManager } from '../constructs/shared/secret-access';
import { ServiceImage, serviceImage } from '../constructs/delivery/service-image';
import { NFS_PORT, UploadsFileSystem } from '../constructs/data/uploads-file-system';
import { ServiceName, ServiceRepositories } from '../constructs/delivery/service-repositories';
import { WebAcl } from '../constructs/security/web-acl';
import { PlatformStackProps } from './platform-stack-props';
import { contentSecurityPolicy, siteHosts } from '../contracts';
import { ServiceDeliveryOptions, usesTestTraffic } from '../constructs/delivery/deployment-strategy';
import { SmokeTestHook } from '../constructs/delivery/smoke-test-hook';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { networkFaultsEnabled } from '../config/drills';
import { TaskFaultInjection } from '../constructs/drills/task-fault-injection';

/** What the services use of the data tier: the database and cache to reach, the uploads to mount. */
export interface ServedData {
  readonly database: DocumentDatabase;
  readonly cache: CacheCluster;
  readonly uploads: UploadsFileSystem;
}

export interface ServiceStackProps extends PlatformStackProps {
  /** The data tier the services reach. */
  readonly data: ServedData;
  readonly repositories: ServiceRepositories;
  readonly topics: AlarmTopics;
}

export const BACKEND_PORT = 8000;
export const FRONTEND_PORT = 80;

export function siteNames(config: EnvironmentConfig): SiteNames {
  const { site, api, status } = siteHosts(config.domain);
  return { site, api, status, includeWww: config.domain.includeWww };
}

/** The image of a service as config says: built from `images.buildFrom`, or pulled by its tag. */
export function configuredImage(scope: Construct, config: EnvironmentConfig, service: ServiceName, repositories: ServiceRepositories): ServiceImage {
  return serviceImage(scope, {
    envName: config.name,
    service,
    repository: repositories.repositories[service],
    tag: service === 'backend' ? config.images.backendTag : config.images.frontendTag,
    buildFrom: config.images.buildFrom,
    cpuArchitecture: config.services.cpuArchitecture,
  });
}

/** Stateless service tier: ECS cluster, the backend and frontend services, the ALB, WAF and DNS. */
export class ServiceStack extends Stack {
  public readonly cluster: ecs.Cluster;
  public readonly edge: PublicLoadBalancer;
  public readonly webAcl: WebAcl;
  public readonly backend: FargateAppService;
  public readonly frontend: FargateAppService;
  public readonly names: SiteNames;
  /** Lifecycle-hook functions of the services that deploy with test traffic, by alarm label. */
  public readonly deployHookFunctions: Record<string, lambda.IFunction> = {};

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const { config, vpc, keys, secrets, data, repositories, topics } = props;
    const svc = config.services;
    this.names = siteNames(config);
    const logs = { logsKey: keys.logsKey, logRetentionDays: config.logRetentionDays };

    const execLogGroup = svc.enableExecuteCommand
      ? encryptedLogGroup(this, 'ExecLogGroup', {
          logGroupName: `/flashcard-lms/${config.name}/ecs-exec`,
          encryptionKey: keys.logsKey,
          retentionDays: config.logRetentionDays,
        })
      : undefined;
    this.cluster = new ecs.Cluster(this, 'Cluster', {
      clusterName: ecsClusterName(config.name),
      vpc,
      containerInsightsV2: config.services.containerInsights === 'enabled' ? ecs.ContainerInsights.ENABLED : ecs.ContainerInsights.ENHANCED,
      enableFargateCapacityProviders: true,
      executeCommandConfiguration: execLogGroup
        ? {
            kmsKey: keys.logsKey,
            logging: ecs.ExecuteCommandLogging.OVERRIDE,
            logConfiguration: { cloudWatchLogGroup: execLogGroup, cloudWatchEncryptionEnabled: true },
          }
        : undefined,
    });

    this.edge = new PublicLoadBalancer(this, 'Edge', {
      envName: config.name,
      vpc,
      names: this.names,
      hostedZoneId: config.domain.hostedZoneId,
      // Every environment (Control Tower CT.ELASTICLOADBALANCING.PR.5): tearing one down turns it off first.
      deletionProtection: true,
      accessLogRetentionDays: config.logRetentionDays,
      accessLogObjectLock: config.accessLogObjectLock ?? config.production,
      contentSecurityPolicy: contentSecurityPolicy(this.names.api),
    });
    this.webAcl = new WebAcl(this, 'Waf', {
      envName: config.name,
      loadBalancer: this.edge.loadBalancer,
      apiHost: this.names.api,
      edge: config.edge,
      requestsPerMinute: svc.rateLimitPerMinute,
      requestsPerHour: svc.rateLimitPerHour,
      ...logs,
    });

    const alarms = new AlarmFactory(this, 'Alarms', {
      envName: config.name,
      critical: topics.critical,
      warning: topics.warning,
      dashboardUrl: dashboardUrl(config.region, config.name),
    });
    // Blue/green, canary and linear check the new revision on test traffic with the CI smoke check first.
    const delivery = (service: ServiceName, baseUrl: string, check: 'api' | 'site'): ServiceDeliveryOptions => {
      const strategy = config.delivery[service];
      const hook = usesTestTraffic(strategy)
        ? new SmokeTestHook(this, service === 'backend' ? 'BackendDeployHook' : 'FrontendDeployHook', { envName: config.name, serviceName: service, baseUrl, check, ...logs })
        : undefined;
      if (hook) this.deployHookFunctions[`${service}-deploy-hook`] = hook.function;
      return { strategy, latencyP95Seconds: config.monitoring.latencyP95Seconds, hook: hook?.target };
    };
    const common = {
      envName: config.name,
      alarms,
      cluster: this.cluster,
      vpc,
      cpuArchitecture: svc.cpuArchitecture === 'ARM64' ? ecs.CpuArchitecture.ARM64 : ecs.CpuArchitecture.X86_64,
      capacityProviders: svc.capacityProviders.map((p) => ({ capacityProvider: p.provider, weight: p.weight, base: p.base })),
      enableExecuteCommand: svc.enableExecuteCommand,
      execLogGroup,
      listener: this.edge.httpsListener,
      offHours: config.offHours,
      ...logs,
    };

    this.backend = new FargateAppService(this, 'Backend', {
      ...common,
      serviceName: BACKEND_SERVICE,
      image: configuredImage(this, config, 'backend', repositories).image,
      sizing: svc.backend,
      containerPort: BACKEND_PORT,
      user: `${config.uploads.posixUid}:${config.uploads.posixGid}`,
      environment: backendEnvironment(config, this.names),
      secrets: backendSecrets(this, secrets),
      healthCheckCommand: `curl -fsS --max-time 4 http://localhost:${BACKEND_PORT}${svc.livenessPath} || exit 1`,
      scratchPaths: ['/tmp', '/app/logs'],
      uploads: { fileSystem: data.uploads.fileSystem, accessPoint: data.uploads.accessPoint, containerPath: '/app/uploads' },
      readinessPath: svc.readinessPath,
      hostHeaders: [this.names.api],
      listenerPriority: 10,
      delivery: delivery('backend', `https://${this.names.api}`, 'api'),
    });

    this.frontend = new FargateAppService(this, 'Frontend', {
      ...common,
      serviceName: 'frontend',
      image: configuredImage(this, config, 'frontend', repositories).image,
      sizing: svc.frontend,
      containerPort: FRONTEND_PORT,
      // nginx's own user; the sysctl lets it bind port 80 without root.
      user: '101:101',
      systemControls: [{ namespace: 'net.ipv4.ip_unprivileged_port_start', value: '0' }],
      environment: {},
      healthCheckCommand: `wget -q -O /dev/null -T 4 http://localhost:${FRONTEND_PORT}/health || exit 1`,
      scratchPaths: ['/tmp', '/var/cache/nginx', '/var/run'],
      readinessPath: '/health',
      hostHeaders: [this.names.site, ...(this.names.includeWww ? [`www.${this.names.site}`] : [])],
      listenerPriority: 20,
      delivery: delivery('frontend', `https://${this.names.site}`, 'site'),
    });

    grantDecryptViaSecretsManager(this.backend.taskDefinition.obtainExecutionRole(), keys.dataKey);
    if (networkFaultsEnabled(config)) new TaskFaultInjection(this, 'BackendFaultInjection', { envName: config.name, taskDefinition: this.backend.taskDefinition, ...logs });

    for (const service of [this.backend, this.frontend]) {
      service.service.connections.allowFrom(this.edge.securityGroup, ec2.Port.tcp(service === this.backend ? BACKEND_PORT : FRONTEND_PORT), 'From the load balancer');
    }
    const backendSg = this.backend.securityGroup;
    allowIngressFromClient(this, 'BackendToDocumentDb', { target: data.database.securityGroup, source: backendSg, port: DOCDB_PORT, description: 'Backend tasks to DocumentDB' });
    allowIngressFromClient(this, 'BackendToCache', { target: data.cache.securityGroup, source: backendSg, port: CACHE_PORT, description: 'Backend tasks to ElastiCache' });
    allowIngressFromClient(this, 'BackendToUploads', {
      target: data.uploads.securityGroup,
      source: backendSg,
      port: NFS_PORT,
      description: 'Backend tasks to the uploads file system',
    });

    new CfnOutput(this, 'SiteUrl', { value: `https://${this.names.site}` });
    new CfnOutput(this, 'ApiUrl', { value: `https://${this.names.api}` });
    new CfnOutput(this, 'StatusUrl', { value: `https://${this.names.status}` });
    new CfnOutput(this, 'LoadBalancerDnsName', { value: this.edge.loadBalancer.loadBalancerDnsName });
    new CfnOutput(this, 'ClusterName', { value: this.cluster.clusterName });
    new CfnOutput(this, 'BackendServiceName', { value: this.backend.service.serviceName });
    new CfnOutput(this, 'FrontendServiceName', { value: this.frontend.service.serviceName });
  }
}
