import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { acknowledge } from '../../nag';
import { SUBNETS } from './network';

export interface SiteNames {
  /** The site itself, e.g. flashcard-lms.com. */
  readonly site: string;
  readonly api: string;
  readonly status: string;
  /** Also serve www.<site>. @default false */
  readonly includeWww?: boolean;
}

export interface PublicLoadBalancerProps {
  readonly envName: string;
  readonly vpc: ec2.IVpc;
  readonly names: SiteNames;
  readonly hostedZoneId: string;
  readonly deletionProtection: boolean;
  /** Days ALB access logs are kept. */
  readonly accessLogRetentionDays: number;
  /** S3 Object Lock on the access-log bucket (irreversible on the bucket). @default false */
  readonly accessLogObjectLock?: boolean;
  /** Content-Security-Policy of the web app (the plan's policy). */
  readonly contentSecurityPolicy: string;
}

/** Response headers the ALB listener itself can set (header modification); Referrer-Policy is not among them. */
export function securityHeaderAttributes(csp: string): elbv2.CfnListener.ListenerAttributeProperty[] {
  return [
    { key: 'routing.http.response.strict_transport_security.header_value', value: 'max-age=31536000; includeSubDomains' },
    { key: 'routing.http.response.content_security_policy.header_value', value: csp },
    { key: 'routing.http.response.x_frame_options.header_value', value: 'DENY' },
    { key: 'routing.http.response.x_content_type_options.header_value', value: 'nosniff' },
    { key: 'routing.http.response.server.enabled', value: 'false' },
  ];
}

/**
 * The internet-facing edge: ALB in the public subnets, HTTPS with a DNS-validated ACM
 * certificate and a TLS 1.3/1.2 policy, HTTP redirected to HTTPS, security headers set by the
 * listener, unknown hosts answered 404, access logs to an SSL-only bucket, DNS aliases.
 */
export class PublicLoadBalancer extends Construct {
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  public readonly httpsListener: elbv2.ApplicationListener;
  public readonly certificate: acm.Certificate;
  public readonly accessLogBucket: s3.Bucket;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly hostedZone: route53.IHostedZone;

  constructor(scope: Construct, id: string, props: PublicLoadBalancerProps) {
    super(scope, id);
    const { names } = props;
    this.hostedZone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', { hostedZoneId: props.hostedZoneId, zoneName: names.site });
    const hostNames = [names.site, names.api, names.status, ...(names.includeWww ? [`www.${names.site}`] : [])];

    this.certificate = new acm.Certificate(this, 'Certificate', {
      domainName: names.site,
      subjectAlternativeNames: hostNames.slice(1),
      validation: acm.CertificateValidation.fromDns(this.hostedZone),
    });

    // ALB access logs support SSE-S3 only (not SSE-KMS).
    this.accessLogBucket = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      // "Configuring S3 Object Lock": once on, it cannot be turned off; no default retention is set, so the lifecycle still expires logs.
      objectLockEnabled: props.accessLogObjectLock ?? false,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'ExpireAccessLogs',
          expiration: Duration.days(props.accessLogRetentionDays),
          noncurrentVersionExpiration: Duration.days(7),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
        { id: 'InfrequentAccess', transitions: [{ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) }] },
      ],
    });
    // Object events to EventBridge (Control Tower CT.S3.PR.4), set on the L1: the L2's eventBridgeEnabled deploys a Lambda to do it.
    (this.accessLogBucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
    acknowledge(this.accessLogBucket, 'AwsSolutions-S1', 'This bucket receives the ALB access logs; logging its own access would log the logging.');

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${props.envName} load balancer: HTTP/HTTPS from the internet, egress to the services only`,
      allowAllOutbound: false,
    });
    this.securityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS from the internet');
    this.securityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'HTTP from the internet, redirected to HTTPS');
    acknowledge(this.securityGroup, 'AwsSolutions-EC23', 'Public web entry point: ports 80 (redirect only) and 443 must be open to everyone; WAF filters requests.');

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: props.vpc,
      internetFacing: true,
      vpcSubnets: { subnetGroupName: SUBNETS.public },
      securityGroup: this.securityGroup,
      deletionProtection: props.deletionProtection,
      dropInvalidHeaderFields: true,
      http2Enabled: true,
      idleTimeout: Duration.seconds(60),
      desyncMitigationMode: elbv2.DesyncMitigationMode.STRICTEST,
    });
    this.logAccessLogs('alb');

    this.httpsListener = this.loadBalancer.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [this.certificate],
      sslPolicy: elbv2.SslPolicy.TLS13_RES,
      open: false,
      defaultAction: elbv2.ListenerAction.fixedResponse(404, { contentType: 'text/plain', messageBody: 'Not found' }),
    });
    (this.httpsListener.node.defaultChild as elbv2.CfnListener).listenerAttributes = securityHeaderAttributes(props.contentSecurityPolicy);

    this.loadBalancer.addListener('Http', {
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      open: false,
      defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
    });

    const alias = route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(this.loadBalancer));
    hostNames.forEach((host, i) => {
      new route53.ARecord(this, `Alias${['Site', 'Api', 'Status', 'Www'][i]}`, { zone: this.hostedZone, recordName: `${host}.`, target: alias });
    });
  }

  /**
   * Access logs with a bucket policy written here instead of `logAccessLogs`, whose extra
   * delivery.logs.amazonaws.com statements carry no source account. "Enable access logs for your
   * Application Load Balancer": Regions from before August 2022 grant the Region's ELB account,
   * newer ones the logdelivery.elasticloadbalancing.amazonaws.com principal (pinned with aws:SourceAccount).
   */
  private logAccessLogs(prefix: string): void {
    const { region, account } = Stack.of(this);
    const elbAccount = RegionInfo.get(region).elbv2Account;
    this.loadBalancer.setAttribute('access_logs.s3.enabled', 'true');
    this.loadBalancer.setAttribute('access_logs.s3.bucket', this.accessLogBucket.bucketName);
    this.loadBalancer.setAttribute('access_logs.s3.prefix', prefix);
    this.accessLogBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowLoadBalancerAccessLogs',
        actions: ['s3:PutObject'],
        // The object key names this account, so the ELB account can write only this account's logs here.
        resources: [this.accessLogBucket.arnForObjects(`${prefix}/AWSLogs/${account}/*`)],
        ...(elbAccount
          ? { principals: [new iam.AccountPrincipal(elbAccount)] }
          : { principals: [new iam.ServicePrincipal('logdelivery.elasticloadbalancing.amazonaws.com')], conditions: { StringEquals: { 'aws:SourceAccount': account } } }),
      }),
    );
    const bucketPolicy = this.accessLogBucket.policy?.node.defaultChild as s3.CfnBucketPolicy;
    (this.loadBalancer.node.defaultChild as elbv2.CfnLoadBalancer).addResourceDependency(bucketPolicy);
  }
}
