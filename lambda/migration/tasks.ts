import { DescribeTasksCommand, ECSClient, ListTasksCommand, RunTaskCommand, Task } from '@aws-sdk/client-ecs';
import { errorMessage } from '../shared/log';
import { MigrationFailure } from './failure';
import { TaskStep } from './naming';
import { MigrationSettings } from './settings';

export type TaskState =
  | { readonly kind: 'absent' }
  | { readonly kind: 'running'; readonly taskArn: string; readonly lastStatus: string }
  | { readonly kind: 'succeeded'; readonly taskArn: string }
  | { readonly kind: 'failed'; readonly taskArn: string; readonly exitCode?: number; readonly reason: string };

/** Task ARNs of the cluster with this `startedBy`, running and stopped (ECS lists one status at a time). */
async function listTaskArns(ecs: ECSClient, cluster: string, startedBy: string): Promise<string[]> {
  const arns: string[] = [];
  for (const desiredStatus of ['RUNNING', 'STOPPED'] as const) {
    const out = await ecs.send(new ListTasksCommand({ cluster, startedBy, desiredStatus }));
    arns.push(...(out.taskArns ?? []));
  }
  return arns;
}

/** Success needs exit code 0 of our container and a normal stop (not stopped by a user or a scale-in). */
function evaluate(task: Task, containerName: string): TaskState {
  const taskArn = task.taskArn ?? 'unknown';
  if (task.lastStatus !== 'STOPPED') return { kind: 'running', taskArn, lastStatus: task.lastStatus ?? 'UNKNOWN' };
  const container = task.containers?.find((c) => c.name === containerName);
  const exitCode = container?.exitCode;
  if (exitCode === 0 && (task.stopCode === undefined || task.stopCode === 'EssentialContainerExited')) return { kind: 'succeeded', taskArn };
  const reason = [container?.reason, task.stoppedReason, task.stopCode].filter((r) => r !== undefined && r !== '').join('; ');
  return { kind: 'failed', taskArn, exitCode, reason: reason === '' ? 'stopped without an exit code' : reason };
}

/** The state of the run's task for one step, read from ECS. */
export async function taskState(ecs: ECSClient, cluster: string, startedBy: string, containerName: string): Promise<TaskState> {
  const arns = await listTaskArns(ecs, cluster, startedBy);
  if (arns.length === 0) return { kind: 'absent' };
  const out = await ecs.send(new DescribeTasksCommand({ cluster, tasks: arns }));
  const tasks = [...(out.tasks ?? [])].sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0));
  // Listed but not yet describable: treat as running and look again at the next poll.
  if (tasks.length === 0) return { kind: 'running', taskArn: arns[0], lastStatus: 'UNKNOWN' };
  return evaluate(tasks[0], containerName);
}

/** Migration tasks of any run that ECS still wants running (pending or running). */
export async function activeMigrationTasks(ecs: ECSClient, s: MigrationSettings): Promise<string[]> {
  const out = await ecs.send(new ListTasksCommand({ cluster: s.ecsCluster, family: s.taskFamily, desiredStatus: 'RUNNING' }));
  return out.taskArns ?? [];
}

/** Starts the one-off Fargate task for `step`; a start failure is a MigrationFailure of that step. */
export async function startTask(ecs: ECSClient, s: MigrationSettings, step: TaskStep, startedBy: string): Promise<string> {
  const command = step === 'migrate' ? s.migrateCommand : s.verifyCommand;
  let out;
  try {
    out = await ecs.send(
      new RunTaskCommand({
        cluster: s.ecsCluster,
        taskDefinition: s.taskDefinitionArn,
        launchType: 'FARGATE',
        count: 1,
        startedBy,
        networkConfiguration: {
          awsvpcConfiguration: { subnets: [...s.subnets], securityGroups: [...s.securityGroups], assignPublicIp: 'DISABLED' },
        },
        overrides: { containerOverrides: [{ name: s.containerName, command: [...command] }] },
      }),
    );
  } catch (error) {
    throw new MigrationFailure(step, `the ${step} task could not be started: ${errorMessage(error)}`);
  }
  const failures = out.failures ?? [];
  const taskArn = out.tasks?.[0]?.taskArn;
  if (failures.length > 0 || taskArn === undefined) {
    const reasons = failures.map((f) => [f.reason, f.detail, f.arn].filter((x) => x !== undefined).join(' ')).join('; ');
    throw new MigrationFailure(step, `the ${step} task could not be started: ${reasons === '' ? 'RunTask returned no task' : reasons}`);
  }
  return taskArn;
}
