import {
  CreateDBInstanceCommand,
  DBInstanceAlreadyExistsFault,
  DBInstanceNotFoundFault,
  DeleteDBInstanceCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DocDBClient,
  InvalidDBInstanceStateFault,
} from '@aws-sdk/client-docdb';
import { mockClient } from 'aws-sdk-client-mock';
import { describeProbeInstance, ensureProbeInstanceDeleted, prepareProbeInstance, probeInstanceId } from '../../../../lambda/restore-validation/documentdb-probe/instance';

const docdbMock = mockClient(DocDBClient);
const docdb = new DocDBClient({});
const CLUSTER_ID = 'awsbackup-restore-test-1a2b';
const CLUSTER_ARN = `arn:aws:rds:eu-west-1:222222222222:cluster:${CLUSTER_ID}`;
const INSTANCE_ID = 'restore-probe-awsbackup-restore-test-1a2b';
const settings = { instanceClass: 'db.t4g.medium', tags: { Environment: 'production', Purpose: 'restore-test-probe' } };
const meta = { $metadata: {} };

function cluster(status = 'available', encrypted = true) {
  docdbMock.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ DBClusterIdentifier: CLUSTER_ID, Status: status, StorageEncrypted: encrypted }] });
}

function instance(status: string | null) {
  if (status === null) docdbMock.on(DescribeDBInstancesCommand).rejects(new DBInstanceNotFoundFault({ message: `DBInstance ${INSTANCE_ID} not found.`, ...meta }));
  else docdbMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceIdentifier: INSTANCE_ID, DBInstanceStatus: status }] });
}

beforeEach(() => {
  docdbMock.reset();
});

describe('probeInstanceId', () => {
  test.each([
    ['a restored cluster id', CLUSTER_ID, INSTANCE_ID],
    ['upper case and other characters', 'Restore_Test..ABC', 'restore-probe-restore-test-abc'],
    ['a long id keeps its unique end within 63 characters', `a-${'x'.repeat(80)}-end9`, `restore-probe-${'x'.repeat(44)}-end9`],
    ['nothing usable', '--', 'restore-probe-cluster'],
    ['every run of other characters becomes one hyphen', 'a..b__c', 'restore-probe-a-b-c'],
    ['hyphens at both ends are dropped', '-abc-', 'restore-probe-abc'],
    ['a cut that starts at a hyphen drops it', `${'a'.repeat(20)}-${'b'.repeat(48)}`, `restore-probe-${'b'.repeat(48)}`],
  ])('%s', (_what, clusterId, expected) => {
    const id = probeInstanceId(clusterId);
    expect(id).toBe(expected);
    expect(id.length).toBeLessThanOrEqual(63);
    expect(id).toMatch(/^[a-z][a-z0-9-]*[a-z0-9]$/);
    expect(id).not.toContain('--');
  });
});

describe('prepareProbeInstance', () => {
  test('adds one tagged instance of the configured class to an available, encrypted cluster', async () => {
    cluster();
    docdbMock.on(CreateDBInstanceCommand).resolves({ DBInstance: { DBInstanceIdentifier: INSTANCE_ID, DBInstanceStatus: 'creating' } });
    await expect(prepareProbeInstance(docdb, CLUSTER_ARN, settings)).resolves.toEqual({ clusterId: CLUSTER_ID, instanceId: INSTANCE_ID, created: true });
    expect(docdbMock.commandCalls(DescribeDBClustersCommand)[0].args[0].input).toEqual({ DBClusterIdentifier: CLUSTER_ID });
    expect(docdbMock.commandCalls(CreateDBInstanceCommand)[0].args[0].input).toEqual({
      DBInstanceIdentifier: INSTANCE_ID,
      DBClusterIdentifier: CLUSTER_ID,
      DBInstanceClass: 'db.t4g.medium',
      Engine: 'docdb',
      Tags: [
        { Key: 'Environment', Value: 'production' },
        { Key: 'Purpose', Value: 'restore-test-probe' },
      ],
    });
  });

  test('a retried step finds the instance it already created', async () => {
    cluster();
    docdbMock.on(CreateDBInstanceCommand).rejects(new DBInstanceAlreadyExistsFault({ message: 'DB instance already exists', ...meta }));
    await expect(prepareProbeInstance(docdb, CLUSTER_ARN, settings)).resolves.toMatchObject({ created: true, instanceId: INSTANCE_ID });
  });

  test.each([
    [
      'a cluster that is not available',
      () => cluster('inaccessible-encryption-credentials'),
      `restored cluster ${CLUSTER_ID} is "inaccessible-encryption-credentials", expected "available"`,
    ],
    ['an unencrypted cluster', () => cluster('available', false), `restored cluster ${CLUSTER_ID} is not encrypted at rest`],
    ['a cluster that vanished', () => docdbMock.on(DescribeDBClustersCommand).resolves({ DBClusters: [] }), `restored cluster ${CLUSTER_ID} was not found`],
  ])('%s gets no instance, and says why', async (_what, given, problem) => {
    given();
    await expect(prepareProbeInstance(docdb, CLUSTER_ARN, settings)).resolves.toEqual({ clusterId: CLUSTER_ID, instanceId: INSTANCE_ID, created: false, problem });
    expect(docdbMock.commandCalls(CreateDBInstanceCommand)).toHaveLength(0);
  });

  test('a reply without a cluster list means the cluster was not found', async () => {
    docdbMock.on(DescribeDBClustersCommand).resolves({});
    await expect(prepareProbeInstance(docdb, CLUSTER_ARN, settings)).resolves.toEqual({
      clusterId: CLUSTER_ID,
      instanceId: INSTANCE_ID,
      created: false,
      problem: `restored cluster ${CLUSTER_ID} was not found`,
    });
  });

  test('a malformed ARN gets no instance and no API call', async () => {
    await expect(prepareProbeInstance(docdb, 'arn:aws:rds:eu-west-1:222222222222:db:not-a-cluster', settings)).resolves.toEqual({
      clusterId: '',
      instanceId: '',
      created: false,
      problem: 'arn:aws:rds:eu-west-1:222222222222:db:not-a-cluster is not a DocumentDB cluster ARN',
    });
    expect(docdbMock.calls()).toHaveLength(0);
  });

  test('API errors propagate (the state machine catches them and still deletes)', async () => {
    cluster();
    docdbMock.on(CreateDBInstanceCommand).rejects(Object.assign(new Error('Instance quota exceeded'), { name: 'InstanceQuotaExceededFault' }));
    await expect(prepareProbeInstance(docdb, CLUSTER_ARN, settings)).rejects.toThrow('Instance quota exceeded');
  });
});

describe('describeProbeInstance', () => {
  // Instance status values: "Monitoring an Amazon DocumentDB instance's status", Amazon DocumentDB Developer Guide.
  test.each([
    ['available', 'available'],
    ['creating', 'pending'],
    ['backing-up', 'pending'],
    ['configuring-enhanced-monitoring', 'pending'],
    ['configuring-log-exports', 'pending'],
    ['modifying', 'pending'],
    ['rebooting', 'pending'],
    ['starting', 'pending'],
    ['upgrading', 'pending'],
    ['maintenance', 'pending'],
    ['renaming', 'pending'],
    ['stopped', 'failed'],
    ['storage-full', 'failed'],
    ['failed', 'failed'],
    ['inaccessible-encryption-credentials', 'failed'],
    ['deleting', 'failed'],
  ])('status %s is %s', async (status, phase) => {
    instance(status);
    await expect(describeProbeInstance(docdb, INSTANCE_ID)).resolves.toEqual({ instanceId: INSTANCE_ID, status, phase });
    expect(docdbMock.commandCalls(DescribeDBInstancesCommand)[0].args[0].input).toEqual({ DBInstanceIdentifier: INSTANCE_ID });
  });

  test('an instance that does not exist is gone', async () => {
    instance(null);
    await expect(describeProbeInstance(docdb, INSTANCE_ID)).resolves.toEqual({ instanceId: INSTANCE_ID, status: 'not-found', phase: 'gone' });
  });

  test.each([
    ['an empty instance list', { DBInstances: [] }],
    ['a reply without an instance list', {}],
  ])('%s is gone', async (_what, reply) => {
    docdbMock.on(DescribeDBInstancesCommand).resolves(reply);
    await expect(describeProbeInstance(docdb, INSTANCE_ID)).resolves.toEqual({ instanceId: INSTANCE_ID, status: 'not-found', phase: 'gone' });
  });

  test('no identifier at all is refused before any call', async () => {
    await expect(describeProbeInstance(docdb, undefined as never)).rejects.toThrow(
      new Error('"undefined" is not a restore probe instance identifier (expected restore-probe-...)'),
    );
    expect(docdbMock.calls()).toHaveLength(0);
  });

  test('other API errors propagate', async () => {
    docdbMock.on(DescribeDBInstancesCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await expect(describeProbeInstance(docdb, INSTANCE_ID)).rejects.toThrow('Rate exceeded');
  });
});

describe('ensureProbeInstanceDeleted', () => {
  test('deletes an available instance', async () => {
    instance('available');
    docdbMock.on(DeleteDBInstanceCommand).resolves({});
    await expect(ensureProbeInstanceDeleted(docdb, CLUSTER_ARN)).resolves.toEqual({ instanceId: INSTANCE_ID, status: 'deleting', phase: 'pending' });
    expect(docdbMock.commandCalls(DeleteDBInstanceCommand)[0].args[0].input).toEqual({ DBInstanceIdentifier: INSTANCE_ID });
  });

  test('an instance already deleting is waited for, not deleted twice', async () => {
    instance('deleting');
    await expect(ensureProbeInstanceDeleted(docdb, CLUSTER_ARN)).resolves.toMatchObject({ status: 'deleting', phase: 'pending' });
    expect(docdbMock.commandCalls(DeleteDBInstanceCommand)).toHaveLength(0);
  });

  test('an instance that cannot be deleted yet (still creating) is pending; the next poll tries again', async () => {
    instance('creating');
    docdbMock.on(DeleteDBInstanceCommand).rejects(new InvalidDBInstanceStateFault({ message: 'Instance is not in available state', ...meta }));
    await expect(ensureProbeInstanceDeleted(docdb, CLUSTER_ARN)).resolves.toEqual({ instanceId: INSTANCE_ID, status: 'creating', phase: 'pending' });
  });

  test('an instance that never existed (creation failed) is gone without a delete', async () => {
    instance(null);
    await expect(ensureProbeInstanceDeleted(docdb, CLUSTER_ARN)).resolves.toMatchObject({ phase: 'gone' });
    expect(docdbMock.commandCalls(DeleteDBInstanceCommand)).toHaveLength(0);
  });

  test('an instance that disappears between describe and delete is gone', async () => {
    instance('available');
    docdbMock.on(DeleteDBInstanceCommand).rejects(new DBInstanceNotFoundFault({ message: 'not found', ...meta }));
    await expect(ensureProbeInstanceDeleted(docdb, CLUSTER_ARN)).resolves.toEqual({ instanceId: INSTANCE_ID, status: 'not-found', phase: 'gone' });
  });

  test('a malformed ARN deletes nothing and asks nothing', async () => {
    await expect(ensureProbeInstanceDeleted(docdb, 'arn:aws:rds:eu-west-1:222222222222:db:prod-1')).resolves.toEqual({ instanceId: '', status: 'not-found', phase: 'gone' });
    expect(docdbMock.calls()).toHaveLength(0);
  });

  test('an instance in another state that cannot be deleted yet keeps its status and is pending', async () => {
    instance('modifying');
    docdbMock.on(DeleteDBInstanceCommand).rejects(new InvalidDBInstanceStateFault({ message: 'not yet', ...meta }));
    await expect(ensureProbeInstanceDeleted(docdb, CLUSTER_ARN)).resolves.toEqual({ instanceId: INSTANCE_ID, status: 'modifying', phase: 'pending' });
  });

  test('other delete errors propagate (the state machine retries, then reports the leftover)', async () => {
    instance('available');
    docdbMock.on(DeleteDBInstanceCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDenied' }));
    await expect(ensureProbeInstanceDeleted(docdb, CLUSTER_ARN)).rejects.toThrow('not authorized');
  });
});
