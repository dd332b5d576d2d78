import { App } from 'aws-cdk-lib';
import { BUILT_IN_ENVIRONMENTS } from '../../lib/config';
import { CONTROL_TOWER_ACKNOWLEDGEMENTS, controlTowerAcknowledgementId } from '../../lib/control-tower';
import { AcknowledgedFinding, readAcknowledgedFindings } from '../../lib/nag-gate';
import { synthEnvironments } from '../helpers/app';
import { NagFinding } from '../helpers/nag';

// The one test file that runs the Control Tower controls on every stack of both built-in environments.
let findings: NagFinding[];
let acknowledged: AcknowledgedFinding[];

beforeAll(() => {
  const { stages, findings: all } = synthEnvironments(BUILT_IN_ENVIRONMENTS, { controlTower: true });
  findings = all;
  acknowledged = readAcknowledgedFindings((stages[0].node.root as App).outdir);
}, 900_000);

test('both environments synthesize with no unacknowledged Control Tower finding', () => {
  const open = findings.filter((f) => f.plugin === 'ControlTower' && f.severity === 'error').map((f) => `${f.rule} at ${f.path}`);
  expect(open).toEqual([]);
});

test('cdk-nag stays at zero beside them', () => {
  expect(findings.filter((f) => f.plugin === 'AwsSolutions' && f.severity === 'error').map((f) => `${f.rule} at ${f.path}`)).toEqual([]);
});

test('the controls ran: acknowledged findings are in the report, in both environments', () => {
  const controlTower = acknowledged.filter((f) => f.plugin === 'ControlTower');
  expect(controlTower.some((f) => f.path.startsWith('staging/'))).toBe(true);
  expect(controlTower.some((f) => f.path.startsWith('production/'))).toBe(true);
});

test('every acknowledgement matches a real finding (none is stale) and gives its reason', () => {
  const stale = CONTROL_TOWER_ACKNOWLEDGEMENTS.filter((a) => !acknowledged.some((f) => f.acknowledgedId === controlTowerAcknowledgementId(a.control) && f.reason === a.reason)).map(
    (a) => `${a.control} on ${a.resources}`,
  );
  expect(stale).toEqual([]);
  for (const a of CONTROL_TOWER_ACKNOWLEDGEMENTS) expect(a.reason.length).toBeGreaterThan(60);
});

test('production acknowledges no log retention below a year and keeps Object Lock on its access-log bucket', () => {
  const production = acknowledged.filter((f) => f.path.startsWith('production/'));
  expect(production.map((f) => f.rule)).not.toContain('CT.CLOUDWATCH.PR.2');
  // Object Lock is acknowledged only on the canary's artifacts (public-page screenshots that expire), not on the access logs.
  expect(production.filter((f) => f.rule === 'CT.S3.PR.9').map((f) => f.path)).toEqual([expect.stringMatching(/\/Canary\/Artifacts\/Resource$/)]);
});
