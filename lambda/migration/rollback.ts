import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { errorMessage, log } from '../shared/log';

/**
 * Whether the stack is rolling back an update. The rollback sends an Update with the old
 * image tag: running the old image's migrations on top of a failed run could fail too and
 * leave the stack in UPDATE_ROLLBACK_FAILED, so that Update runs nothing.
 */
export async function isRollingBack(cloudformation: CloudFormationClient, stackId: string): Promise<boolean> {
  try {
    const out = await cloudformation.send(new DescribeStacksCommand({ StackName: stackId }));
    return out.Stacks?.[0]?.StackStatus === 'UPDATE_ROLLBACK_IN_PROGRESS';
  } catch (error) {
    log('warn', 'could not read the stack status; assuming no rollback', { stackId, error: errorMessage(error) });
    return false;
  }
}
