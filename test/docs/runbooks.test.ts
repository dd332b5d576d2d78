import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PRODUCTION, STAGING } from '../../lib/config/environments';
import { ALARM_DESCRIPTION_MAX, RUNBOOK_BASE_URL, runbookUrl } from '../../lib/constructs/observability/alarm-factory';
import { synthEnvironments } from '../helpers/app';

const RUNBOOKS = path.join(__dirname, '../../docs/runbooks');
/** A Lambda function name is at most 64 characters; no other reference in a description is longer. */
const LONGEST_REFERENCE = 64;

interface Described {
  readonly env: string;
  readonly name: string;
  readonly description: string;
  /** Deploy-time references in the description (function names), resolved only by CloudFormation. */
  readonly references: number;
}

// GIVEN both built-in environments, synthesized once for the file
let described: Described[];
beforeAll(() => {
  const { stages } = synthEnvironments([STAGING, PRODUCTION]);
  described = stages.flatMap((stage) =>
    stage.node.children
      .filter((c): c is Stack => c instanceof Stack)
      .flatMap((stack) => {
        const t = Template.fromStack(stack);
        const alarms = { ...t.findResources('AWS::CloudWatch::Alarm'), ...t.findResources('AWS::CloudWatch::CompositeAlarm') };
        return Object.values<any>(alarms).map(({ Properties: p }) => {
          const parts: unknown[] = typeof p.AlarmDescription === 'string' ? [p.AlarmDescription] : p.AlarmDescription['Fn::Join'][1];
          return {
            env: stage.stageName,
            name: p.AlarmName ?? p.CompositeAlarmName,
            description: parts.filter((x): x is string => typeof x === 'string').join(''),
            references: parts.filter((x) => typeof x !== 'string').length,
          };
        });
      }),
  );
});

const linkOf = (description: string) => description.match(/\nRunbook: (\S+)$/)?.[1];

test('every alarm of both environments has a description CloudWatch accepts, ending with its runbook link', () => {
  expect(described.filter((a) => a.env === 'staging').length).toBeGreaterThan(30);
  expect(described.filter((a) => a.env === 'production').length).toBeGreaterThan(30);
  for (const alarm of described) {
    const length = alarm.description.length + alarm.references * LONGEST_REFERENCE;
    expect({ name: alarm.name, withinLimit: length <= ALARM_DESCRIPTION_MAX }).toEqual({ name: alarm.name, withinLimit: true });
    expect({ name: alarm.name, link: linkOf(alarm.description) }).toEqual({ name: alarm.name, link: expect.stringMatching(new RegExp(`^${RUNBOOK_BASE_URL}/[a-z0-9-]+\\.md$`)) });
  }
});

test('every linked runbook exists in docs/runbooks/', () => {
  const files = new Set(described.map((a) => linkOf(a.description)!.slice(RUNBOOK_BASE_URL.length + 1)));
  const missing = [...files].filter((f) => !fs.existsSync(path.join(RUNBOOKS, f)));
  expect(missing).toEqual([]);
});

test('every runbook file is linked from an alarm or the runbook index', () => {
  const linked = new Set(described.map((a) => linkOf(a.description)!.slice(RUNBOOK_BASE_URL.length + 1)));
  const index = fs.readFileSync(path.join(RUNBOOKS, 'README.md'), 'utf8');
  const files = fs.readdirSync(RUNBOOKS).filter((f) => f !== 'README.md');
  expect(files.filter((f) => !linked.has(f) && !index.includes(`(${f})`))).toEqual([]);
  // The index lists every runbook.
  expect(files.filter((f) => !index.includes(`(${f})`))).toEqual([]);
});

test('runbook links point at the default branch of the repository, whatever the environment config', () => {
  expect(runbookUrl('site-down')).toBe('https://github.com/flashcard-lms/flashcard-lms-infra/blob/main/docs/runbooks/site-down.md');
  expect(() => runbookUrl('Site Down.md')).toThrow('Runbook "Site Down.md" must be a kebab-case file name under docs/runbooks/, without .md');
});
