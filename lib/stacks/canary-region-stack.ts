import { Stack, StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { AlarmDestinations } from '../config';
import { AlarmFactory } from '../constructs/observability/alarm-factory';
import { AlarmTopics } from '../constructs/observability/alarm-topics';
import { CANARY_FAILED_RUNS } from '../constructs/observability/outside-in-alarms';
import { SiteCanary, SiteCanaryProps } from '../constructs/observability/site-canary';
import { dashboardUrl } from '../constructs/shared/dashboard-names';

const NO_DESTINATIONS: AlarmDestinations = { emails: [], smsNumbers: [], httpsEndpoints: [] };

export interface CanaryRegionStackProps extends StackProps {
  /** The journey, its URLs and schedule, as in the environment's region. */
  readonly canary: SiteCanaryProps;
  /** Region of the environment, whose dashboard the alarm links to. */
  readonly homeRegion: string;
  /** Who hears about a failure seen only from this region. */
  readonly warning: AlarmDestinations;
}

/**
 * The site canary run from a second region, with its own warning topic there: an alarm notifies
 * only a topic of its own region, and a composite alarm combines only alarms of its own region, so
 * this one cannot join the page suppression at home. It warns; a failure seen from both regions
 * pages from the environment's region.
 */
export class CanaryRegionStack extends Stack {
  public readonly canary: SiteCanary;

  constructor(scope: Construct, id: string, props: CanaryRegionStackProps) {
    super(scope, id, props);
    const envName = props.canary.envName;
    // Nothing here pages: the critical topic of this region has no subscribers.
    const topics = new AlarmTopics(this, 'Topics', { envName, critical: NO_DESTINATIONS, warning: props.warning });
    const alarms = new AlarmFactory(this, 'Alarms', { envName, critical: topics.critical, warning: topics.warning, dashboardUrl: dashboardUrl(props.homeRegion, envName) });
    this.canary = new SiteCanary(this, 'Canary', props.canary);
    alarms.alarm({
      name: `canary-${this.region}-failing`,
      runbook: 'canary-failing',
      severity: 'warning',
      metric: this.canary.successPercent,
      threshold: 100,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: CANARY_FAILED_RUNS,
      // A canary that stopped running checks nothing.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      what: `The site canary run from ${this.region} failed ${CANARY_FAILED_RUNS} runs in a row.`,
      impact: `Users near ${this.region} may not reach the site; if the canary at home fails too, that one pages.`,
      checks: [
        `the failed step of the ${this.region} canary run, its screenshot and HAR file`,
        'whether the canary in the environment region fails too (then follow its page)',
        'DNS resolution and the certificate as seen from that region',
      ],
    });
  }
}
