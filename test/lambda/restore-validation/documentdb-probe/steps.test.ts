import * as fs from 'node:fs';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { CreateDBInstanceCommand, DeleteDBInstanceCommand, DescribeDBClustersCommand, DescribeDBInstancesCommand, DocDBClient } from '@aws-sdk/client-docdb';
import { mockClient } from 'aws-sdk-client-mock';
import { cleanup, instanceStatus, prepare, probeEndpoint, probeSettings } from '../../../../lambda/restore-validation/documentdb-probe/index';
import { makeTestCertificates, TestCertificates } from '../../support/test-certificates';

// A probe that never settles fails its test here instead of hanging the run.
jest.setTimeout(15_000);

const docdbMock = mockClient(DocDBClient);
const CLUSTER_ID = 'awsbackup-restore-test-1a2b';
const CLUSTER_ARN = `arn:aws:rds:eu-west-1:222222222222:cluster:${CLUSTER_ID}`;
const INSTANCE_ID = 'restore-probe-awsbackup-restore-test-1a2b';
const saved = process.env;
let info: jest.SpyInstance;

beforeEach(() => {
  docdbMock.reset();
  process.env = { ...saved, ENV_NAME: 'production', INSTANCE_CLASS: 'db.t4g.medium' };
  info = jest.spyOn(console, 'info').mockImplementation(() => undefined);
});
afterEach(() => {
  process.env = saved;
  jest.restoreAllMocks();
});

describe('which cluster ARNs a step accepts', () => {
  // DBClusterIdentifier: 1-63 letters, digits or hyphens, a letter first (CreateDBCluster, Amazon DocumentDB API Reference).
  const accepted = [
    ['the commercial partition', CLUSTER_ARN],
    ['another partition', `arn:aws-us-gov:rds:us-gov-west-1:222222222222:cluster:${CLUSTER_ID}`],
    ['a one-letter identifier', 'arn:aws:rds:eu-west-1:222222222222:cluster:a'],
    ['a 63-character identifier', `arn:aws:rds:eu-west-1:222222222222:cluster:a${'b'.repeat(62)}`],
    ['upper-case letters', 'arn:aws:rds:eu-west-1:222222222222:cluster:Restore-Test-9Z'],
  ];
  test.each(accepted)('%s is accepted', async (_what, clusterArn) => {
    docdbMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [] });
    await expect(cleanup({ clusterArn })).resolves.toMatchObject({ phase: 'gone' });
  });

  const refused = [
    ['a 64-character identifier', `arn:aws:rds:eu-west-1:222222222222:cluster:a${'b'.repeat(63)}`],
    ['an identifier that starts with a digit', 'arn:aws:rds:eu-west-1:222222222222:cluster:1restore'],
    ['an identifier with other characters', 'arn:aws:rds:eu-west-1:222222222222:cluster:restore/test'],
    ['text before the ARN', ` x${CLUSTER_ARN}`],
    ['an 11-digit account', `arn:aws:rds:eu-west-1:22222222222:cluster:${CLUSTER_ID}`],
    ['another service', `arn:aws:docdb:eu-west-1:222222222222:cluster:${CLUSTER_ID}`],
    ['no region', `arn:aws:rds::222222222222:cluster:${CLUSTER_ID}`],
    ['an instance ARN', 'arn:aws:rds:eu-west-1:222222222222:db:prod-1'],
  ];
  test.each(refused)('%s is refused before any call', async (_what, clusterArn) => {
    await expect(cleanup({ clusterArn })).rejects.toThrow(
      new Error(
        `Invalid restore probe step "cleanup" input fields:\n  - clusterArn must be a DocumentDB cluster ARN (arn:aws:rds:<region>:<account>:cluster:<id>) (got ${JSON.stringify(clusterArn.trim())})`,
      ),
    );
    expect(docdbMock.calls()).toHaveLength(0);
  });
});

describe('prepare', () => {
  test('adds the tagged instance of INSTANCE_CLASS and logs what it did', async () => {
    docdbMock.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ DBClusterIdentifier: CLUSTER_ID, Status: 'available', StorageEncrypted: true }] });
    docdbMock.on(CreateDBInstanceCommand).resolves({});
    await expect(prepare({ clusterArn: CLUSTER_ARN })).resolves.toEqual({ clusterId: CLUSTER_ID, instanceId: INSTANCE_ID, created: true });
    expect(docdbMock.commandCalls(CreateDBInstanceCommand)[0].args[0].input).toEqual({
      DBInstanceIdentifier: INSTANCE_ID,
      DBClusterIdentifier: CLUSTER_ID,
      DBInstanceClass: 'db.t4g.medium',
      Engine: 'docdb',
      Tags: [
        { Key: 'Environment', Value: 'production' },
        { Key: 'Purpose', Value: 'restore-test-probe' },
        { Key: 'ManagedBy', Value: 'flashcard-lms-restore-testing' },
      ],
    });
    expect(info.mock.calls).toEqual([[{ message: 'probe step', step: 'prepare', clusterArn: CLUSTER_ARN, clusterId: CLUSTER_ID, instanceId: INSTANCE_ID, created: true }]]);
  });

  test('without INSTANCE_CLASS and ENV_NAME it names both and creates nothing', async () => {
    process.env = {};
    await expect(prepare({ clusterArn: CLUSTER_ARN })).rejects.toThrow(
      new Error(
        'Invalid restore probe settings:\n - INSTANCE_CLASS is not set (expected a DocumentDB instance class, e.g. db.t4g.medium)\n - ENV_NAME is not set (expected the environment name)',
      ),
    );
    expect(docdbMock.calls()).toHaveLength(0);
  });
});

describe('instance-status', () => {
  test('describes the probe instance and logs its state', async () => {
    docdbMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceIdentifier: INSTANCE_ID, DBInstanceStatus: 'creating' }] });
    await expect(instanceStatus({ instanceId: INSTANCE_ID })).resolves.toEqual({ instanceId: INSTANCE_ID, status: 'creating', phase: 'pending' });
    expect(docdbMock.commandCalls(DescribeDBInstancesCommand)[0].args[0].input).toEqual({ DBInstanceIdentifier: INSTANCE_ID });
    expect(info.mock.calls).toEqual([[{ message: 'probe step', step: 'instance-status', instanceId: INSTANCE_ID, status: 'creating', phase: 'pending' }]]);
  });

  test.each([
    ['the bare prefix', 'restore-probe-'],
    ['upper-case letters', 'restore-probe-ABC'],
    ['the prefix further in', 'x-restore-probe-abc'],
    ['other characters at the end', 'restore-probe-abc/def'],
  ])('%s is not the probe instance', async (_what, instanceId) => {
    await expect(instanceStatus({ instanceId })).rejects.toThrow(
      new Error(`Invalid restore probe step "instance-status" input fields:\n  - instanceId must be the probe's own instance identifier (restore-probe-...) (got "${instanceId}")`),
    );
    expect(docdbMock.calls()).toHaveLength(0);
  });
});

describe('cleanup', () => {
  test('deletes the probe instance of the cluster and logs it', async () => {
    docdbMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceIdentifier: INSTANCE_ID, DBInstanceStatus: 'available' }] });
    docdbMock.on(DeleteDBInstanceCommand).resolves({});
    await expect(cleanup({ clusterArn: CLUSTER_ARN })).resolves.toEqual({ instanceId: INSTANCE_ID, status: 'deleting', phase: 'pending' });
    expect(info.mock.calls).toEqual([[{ message: 'probe step', step: 'cleanup', clusterArn: CLUSTER_ARN, instanceId: INSTANCE_ID, status: 'deleting', phase: 'pending' }]]);
  });
});

describe('probe-endpoint', () => {
  test('settings default to the Lambda runtime CA bundle and 5 seconds', () => {
    expect(probeSettings({})).toEqual({ caFile: '/var/runtime/ca-cert.pem', timeoutMs: 5000 });
    expect(probeSettings({ CA_FILE: '/opt/ca.pem', CONNECT_TIMEOUT_MS: '100' })).toEqual({ caFile: '/opt/ca.pem', timeoutMs: 100 });
    expect(probeSettings({ CONNECT_TIMEOUT_MS: '20000' })).toEqual({ caFile: '/var/runtime/ca-cert.pem', timeoutMs: 20000 });
  });

  test.each(['99', '20001'])('a connect timeout of %s ms is refused', (ms) => {
    expect(() => probeSettings({ CONNECT_TIMEOUT_MS: ms })).toThrow(
      new Error(`Invalid restore probe settings:\n - CONNECT_TIMEOUT_MS is "${ms}" (expected a whole number of milliseconds from 100 to 20000)`),
    );
  });

  describe('against a local TLS server as the restored cluster', () => {
    let certs: TestCertificates;
    let server: tls.Server;
    let port: number;
    const sockets: tls.TLSSocket[] = [];

    beforeAll(async () => {
      certs = makeTestCertificates();
      // Never answers: the probe's own timeout ends the step.
      server = tls.createServer({ key: fs.readFileSync(certs.keyFile), cert: fs.readFileSync(certs.certFile) }, (socket) => {
        sockets.push(socket);
        socket.on('error', () => undefined);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as net.AddressInfo).port;
    });
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(certs.dir, { recursive: true, force: true });
    });

    test('probes the cluster endpoint with CA_FILE and CONNECT_TIMEOUT_MS, and logs the result', async () => {
      process.env.CA_FILE = certs.caFile;
      process.env.CONNECT_TIMEOUT_MS = '300';
      docdbMock.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ DBClusterIdentifier: CLUSTER_ID, Endpoint: 'localhost', Port: port }] });
      const result = { ok: false, message: `restored cluster ${CLUSTER_ID} has an available instance but localhost:${port} did not answer: no answer within 300 ms` };
      await expect(probeEndpoint({ clusterArn: CLUSTER_ARN })).resolves.toEqual(result);
      expect(info.mock.calls).toEqual([[{ message: 'probe step', step: 'probe-endpoint', clusterArn: CLUSTER_ARN, result }]]);
    });

    test('a CA bundle that cannot be read fails the step, naming the file', async () => {
      process.env.CA_FILE = '/nonexistent/ca.pem';
      await expect(probeEndpoint({ clusterArn: CLUSTER_ARN })).rejects.toThrow(/ENOENT.*\/nonexistent\/ca\.pem/);
      expect(docdbMock.calls()).toHaveLength(0);
    });
  });
});
