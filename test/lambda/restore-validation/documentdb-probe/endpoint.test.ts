import { DescribeDBClustersCommand, DocDBClient } from '@aws-sdk/client-docdb';
import { mockClient } from 'aws-sdk-client-mock';
import { probeClusterEndpoint } from '../../../../lambda/restore-validation/documentdb-probe/endpoint';
import { WireProbe } from '../../../../lambda/restore-validation/documentdb-probe/wire-probe';

const docdbMock = mockClient(DocDBClient);
const docdb = new DocDBClient({});
const CLUSTER_ARN = 'arn:aws:rds:eu-west-1:222222222222:cluster:awsbackup-restore-test-1a2b';
const ENDPOINT = 'restored.cluster-x.eu-west-1.docdb.amazonaws.com';
const options = { ca: 'CA PEM', timeoutMs: 200 };

describe('probeClusterEndpoint', () => {
  beforeEach(() => {
    docdbMock.reset();
    docdbMock
      .on(DescribeDBClustersCommand)
      .resolves({ DBClusters: [{ DBClusterIdentifier: 'awsbackup-restore-test-1a2b', Status: 'available', Endpoint: ENDPOINT, Port: 27017 }] });
  });

  test('an endpoint that answers is ok; the probe gets the endpoint, port, CAs and timeout', async () => {
    const probe = jest.fn<ReturnType<WireProbe>, Parameters<WireProbe>>().mockResolvedValue({ tlsVersion: 'TLSv1.3', maxWireVersion: 13 });
    await expect(probeClusterEndpoint(docdb, CLUSTER_ARN, probe, options)).resolves.toEqual({
      ok: true,
      message: `restored cluster awsbackup-restore-test-1a2b is available, encrypted, and ${ENDPOINT}:27017 answers isMaster over TLSv1.3 with a trusted certificate, wire version 13`,
    });
    expect(probe).toHaveBeenCalledWith(ENDPOINT, 27017, options);
  });

  test('an endpoint that does not answer is a result, not an error', async () => {
    const probe: WireProbe = async () => {
      throw new Error('no answer within 200 ms');
    };
    await expect(probeClusterEndpoint(docdb, CLUSTER_ARN, probe, options)).resolves.toEqual({
      ok: false,
      message: `restored cluster awsbackup-restore-test-1a2b has an available instance but ${ENDPOINT}:27017 did not answer: no answer within 200 ms`,
    });
  });

  test('a cluster without an endpoint is not ok', async () => {
    docdbMock.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ DBClusterIdentifier: 'awsbackup-restore-test-1a2b', Status: 'available' }] });
    await expect(probeClusterEndpoint(docdb, CLUSTER_ARN, jest.fn(), options)).resolves.toEqual({
      ok: false,
      message: 'restored cluster awsbackup-restore-test-1a2b has no endpoint',
    });
  });

  test('API errors propagate (the state machine catches them and still deletes)', async () => {
    docdbMock.on(DescribeDBClustersCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDenied' }));
    await expect(probeClusterEndpoint(docdb, CLUSTER_ARN, jest.fn(), options)).rejects.toThrow('not authorized');
  });

  test('an answer without maxWireVersion leaves the wire version out of the message', async () => {
    const probe: WireProbe = async () => ({ tlsVersion: 'TLSv1.2' });
    await expect(probeClusterEndpoint(docdb, CLUSTER_ARN, probe, options)).resolves.toEqual({
      ok: true,
      message: `restored cluster awsbackup-restore-test-1a2b is available, encrypted, and ${ENDPOINT}:27017 answers isMaster over TLSv1.2 with a trusted certificate`,
    });
    expect(docdbMock.commandCalls(DescribeDBClustersCommand)[0].args[0].input).toEqual({ DBClusterIdentifier: 'awsbackup-restore-test-1a2b' });
  });

  test('a cluster with an endpoint but no port is not ok', async () => {
    docdbMock.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ DBClusterIdentifier: 'awsbackup-restore-test-1a2b', Endpoint: ENDPOINT }] });
    const probe = jest.fn();
    await expect(probeClusterEndpoint(docdb, CLUSTER_ARN, probe, options)).resolves.toEqual({ ok: false, message: 'restored cluster awsbackup-restore-test-1a2b has no endpoint' });
    expect(probe).not.toHaveBeenCalled();
  });

  test.each([
    ['an empty cluster list', { DBClusters: [] }],
    ['a reply without a cluster list', {}],
  ])('%s means the restored cluster was not found', async (_what, reply) => {
    docdbMock.on(DescribeDBClustersCommand).resolves(reply);
    await expect(probeClusterEndpoint(docdb, CLUSTER_ARN, jest.fn(), options)).resolves.toEqual({
      ok: false,
      message: 'restored cluster awsbackup-restore-test-1a2b was not found',
    });
  });

  test('an ARN that is not a cluster ARN is not ok, and nothing is asked of DocumentDB', async () => {
    const arn = 'arn:aws:rds:eu-west-1:222222222222:db:prod-1';
    await expect(probeClusterEndpoint(docdb, arn, jest.fn(), options)).resolves.toEqual({ ok: false, message: `${arn} is not a DocumentDB cluster ARN` });
    expect(docdbMock.calls()).toHaveLength(0);
  });
});
