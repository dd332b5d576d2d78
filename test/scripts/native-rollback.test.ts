import { ECSClient, ListServiceDeploymentsCommand, StopServiceDeploymentCommand } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { formatNativeRollback, rollBackInProgress } from '../../scripts/native-rollback';

const ecs = mockClient(ECSClient);
const arn = (service: string) => `arn:aws:ecs:eu-west-1:222222222222:service-deployment/production-flashcard-lms/${service}/abc`;

beforeEach(() => ecs.reset());

test('rolls back the deployment in progress and leaves a settled service alone', async () => {
  ecs.on(ListServiceDeploymentsCommand, { service: 'backend' }).resolves({ serviceDeployments: [{ serviceDeploymentArn: arn('backend'), status: 'IN_PROGRESS' }] });
  ecs.on(ListServiceDeploymentsCommand, { service: 'frontend' }).resolves({ serviceDeployments: [] });
  ecs.on(StopServiceDeploymentCommand).resolves({ serviceDeploymentArn: arn('backend') });

  const results = await rollBackInProgress(new ECSClient({}), 'production-flashcard-lms');

  expect(results).toEqual([
    { service: 'backend', deploymentArn: arn('backend') },
    { service: 'frontend', deploymentArn: undefined },
  ]);
  expect(ecs.commandCalls(ListServiceDeploymentsCommand).map((c) => c.args[0].input)).toEqual([
    { cluster: 'production-flashcard-lms', service: 'backend', status: ['PENDING', 'IN_PROGRESS'] },
    { cluster: 'production-flashcard-lms', service: 'frontend', status: ['PENDING', 'IN_PROGRESS'] },
  ]);
  expect(ecs.commandCalls(StopServiceDeploymentCommand).map((c) => c.args[0].input)).toEqual([{ serviceDeploymentArn: arn('backend'), stopType: 'ROLLBACK' }]);
  expect(formatNativeRollback('production', results)).toBe(
    ['### Native rollback: production', '', '| service | deployment rolled back |', '|---|---|', `| backend | ${arn('backend')} |`, '| frontend | none in progress |'].join('\n'),
  );
});

test('an ECS error stops the run (the workflow then redeploys the previous release)', async () => {
  ecs.on(ListServiceDeploymentsCommand).rejects(Object.assign(new Error('User is not authorized to perform: ecs:ListServiceDeployments'), { name: 'AccessDeniedException' }));
  await expect(rollBackInProgress(new ECSClient({}), 'production-flashcard-lms')).rejects.toThrow('not authorized');
});
