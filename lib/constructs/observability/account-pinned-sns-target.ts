import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';

export interface AccountPinnedSnsTargetProps {
  /** What the rule sends. @default the matched event */
  readonly message?: events.RuleTargetInput;
}

/**
 * An EventBridge rule target publishing to an alarm topic WITHOUT adding a grant: `targets.SnsTopic`
 * adds an events.amazonaws.com statement with no source account to the topic and its key. The
 * alarm topics already let EventBridge of this account publish (AlarmTopics).
 */
export class AccountPinnedSnsTarget implements events.IRuleTarget {
  constructor(
    private readonly topic: sns.ITopic,
    private readonly props: AccountPinnedSnsTargetProps = {},
  ) {}

  bind(): events.RuleTargetConfig {
    return { arn: this.topic.topicArn, input: this.props.message, targetResource: this.topic };
  }
}
