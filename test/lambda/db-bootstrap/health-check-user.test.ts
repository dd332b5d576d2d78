import { BootstrapDeps } from '../../../lambda/db-bootstrap/bootstrap';
import { handleBootstrapEvent } from '../../../lambda/db-bootstrap/custom-resource';
import { captureLogs, cfnEvent, DEFAULT_SECRETS, ecs, fakeAdmin, PROPERTIES, SECRETS, sm, useSecrets } from './fixtures';

const WITH_HEALTH_USER = { ...PROPERTIES, HealthCheckUserSecretArn: SECRETS.healthCheckUser };
const HEALTH_SECRET = JSON.stringify({ username: 'lmshealth', password: 'health-pass', host: 'h', port: 27017, engine: 'mongo' });

let logs: string[];
beforeEach(() => {
  sm.reset();
  ecs.reset();
  logs = captureLogs();
});

function deps(connect: BootstrapDeps['connect']): BootstrapDeps {
  return { secrets: sm as never, ecs: ecs as never, connect, caFile: '/var/runtime/ca-cert.pem' };
}

describe('the health check read-only user', () => {
  test('GIVEN a new cluster WHEN Create THEN creates it with read on the app database only, in the same connection', async () => {
    useSecrets({ ...DEFAULT_SECRETS, healthCheckUser: HEALTH_SECRET });
    const { admin, connect } = fakeAdmin([]);

    const out = await handleBootstrapEvent(cfnEvent('Create', WITH_HEALTH_USER), deps(connect));

    expect(admin.calls).toEqual([
      { op: 'createUser', username: 'lms_app', password: 'app-pass', roles: [{ role: 'readWrite', db: 'flashcard_lms' }] },
      { op: 'createUser', username: 'lmshealth', password: 'health-pass', roles: [{ role: 'read', db: 'flashcard_lms' }] },
    ]);
    expect(admin.connections).toHaveLength(1);
    expect(admin.closed).toBe(1);
    expect(out.Data).toMatchObject({ UserAction: 'created', HealthCheckUserAction: 'created' });
    expect(logs.join('\n')).not.toContain('health-pass');
  });

  test('GIVEN it exists (rotated to its clone) WHEN Update THEN sets the current password and exactly read', async () => {
    useSecrets({ ...DEFAULT_SECRETS, healthCheckUser: JSON.stringify({ username: 'lmshealth_clone', password: 'rotated' }) });
    const { admin, connect } = fakeAdmin(['lms_app', 'lmshealth_clone']);

    const out = await handleBootstrapEvent(cfnEvent('Update', WITH_HEALTH_USER), deps(connect));

    expect(admin.calls[1]).toEqual({ op: 'updateUser', username: 'lmshealth_clone', password: 'rotated', roles: [{ role: 'read', db: 'flashcard_lms' }] });
    expect(out.Data?.HealthCheckUserAction).toBe('updated');
  });

  test.each([
    ['master', 'lmsadmin'],
    ['application', 'lms_app'],
  ])('GIVEN its secret names the %s user THEN refuses before connecting (its roles would be cut to read)', async (which, username) => {
    useSecrets({ ...DEFAULT_SECRETS, healthCheckUser: JSON.stringify({ username, password: 'x' }) });
    const { admin, connect } = fakeAdmin([]);
    await expect(handleBootstrapEvent(cfnEvent('Create', WITH_HEALTH_USER), deps(connect))).rejects.toThrow(
      `Secret flashcard-lms/staging/docdb-health-check-user-PqR678 names the ${which} user "${username}"; the health check's user must be a user of its own`,
    );
    expect(admin.connections).toHaveLength(0);
  });

  test('GIVEN no HealthCheckUserSecretArn THEN only the application user is managed', async () => {
    useSecrets(DEFAULT_SECRETS);
    const { admin, connect } = fakeAdmin([]);
    const out = await handleBootstrapEvent(cfnEvent('Create'), deps(connect));
    expect(admin.calls.map((c) => c.username)).toEqual(['lms_app']);
    expect(out.Data).not.toHaveProperty('HealthCheckUserAction');
  });

  test('GIVEN a HealthCheckUserSecretArn that is not a secret ARN THEN the properties error names it', async () => {
    const { connect } = fakeAdmin([]);
    await expect(handleBootstrapEvent(cfnEvent('Create', { ...PROPERTIES, HealthCheckUserSecretArn: 'docdb-health' }), deps(connect))).rejects.toThrow(
      'Invalid DatabaseBootstrap properties:\n  - HealthCheckUserSecretArn must be an ARN of secretsmanager (arn:aws:secretsmanager:<region>:<account>:...) (got "docdb-health")',
    );
  });
});
