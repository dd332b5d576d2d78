import * as fs from 'node:fs';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { DescribeDBClustersCommand, DocDBClient } from '@aws-sdk/client-docdb';
import { mockClient } from 'aws-sdk-client-mock';
import { probeClusterEndpoint } from '../../../../lambda/restore-validation/documentdb-probe/endpoint';
import { isMasterRequest, readTopLevelScalars, WireProbe, wireProbe } from '../../../../lambda/restore-validation/documentdb-probe/wire-probe';
import { makeTestCertificates, TestCertificates } from '../../support/test-certificates';

// A probe that never settles fails its test here instead of hanging the run.
jest.setTimeout(15_000);

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

/** A BSON document of int32, double, boolean and string fields, as a server would send them. */
function bson(fields: Record<string, number | boolean | string | { double: number }>): Buffer {
  const parts = Object.entries(fields).map(([name, value]) => {
    const key = Buffer.concat([Buffer.from(name), Buffer.from([0])]);
    if (typeof value === 'object') {
      const b = Buffer.alloc(8);
      b.writeDoubleLE(value.double);
      return Buffer.concat([Buffer.from([0x01]), key, b]);
    }
    if (typeof value === 'boolean') return Buffer.concat([Buffer.from([0x08]), key, Buffer.from([value ? 1 : 0])]);
    if (typeof value === 'string') {
      const s = Buffer.concat([Buffer.from(value), Buffer.from([0])]);
      const len = Buffer.alloc(4);
      len.writeInt32LE(s.length);
      return Buffer.concat([Buffer.from([0x02]), key, len, s]);
    }
    const n = Buffer.alloc(4);
    n.writeInt32LE(value);
    return Buffer.concat([Buffer.from([0x10]), key, n]);
  });
  const body = Buffer.concat([...parts, Buffer.from([0])]);
  const size = Buffer.alloc(4);
  size.writeInt32LE(body.length + 4);
  return Buffer.concat([size, body]);
}

/** An OP_MSG reply to `request` carrying `doc`. */
function reply(request: Buffer, doc: Buffer, opCode = 2013): Buffer {
  const header = Buffer.alloc(21);
  header.writeInt32LE(21 + doc.length, 0);
  header.writeInt32LE(7, 4);
  header.writeInt32LE(request.readInt32LE(4), 8);
  header.writeInt32LE(opCode, 12);
  return Buffer.concat([header, doc]);
}

describe('isMaster on the wire', () => {
  test('the request is an OP_MSG body section { isMaster: 1, $db: "admin" }', () => {
    const request = isMasterRequest(42);
    expect(request.readInt32LE(0)).toBe(request.length);
    expect(request.readInt32LE(4)).toBe(42);
    expect(request.readInt32LE(12)).toBe(2013);
    expect(readTopLevelScalars(request.subarray(21))).toEqual({ isMaster: 1, $db: 'admin' });
  });

  test('reply fields are read; nested documents are skipped', () => {
    const nested = bson({ a: 1 });
    const doc = bson({ ismaster: true, maxWireVersion: 13, setName: 'rs0', ok: { double: 1 } });
    // Splice an embedded document (type 0x03) in front of the other fields.
    const withNested = Buffer.concat([Buffer.alloc(4), Buffer.from([0x03]), Buffer.from('hosts\0'), nested, doc.subarray(4)]);
    withNested.writeInt32LE(withNested.length, 0);
    expect(readTopLevelScalars(withNested)).toEqual({ ismaster: true, maxWireVersion: 13, setName: 'rs0', ok: 1 });
  });

  test('a document that does not fit the message is refused', () => {
    expect(() => readTopLevelScalars(Buffer.from([0xff, 0, 0, 0, 0]))).toThrow('reply document of 255 bytes does not fit the message');
  });
});

describe('wireProbe against a local TLS server', () => {
  let certs: TestCertificates;
  let ca: string;
  const servers: tls.Server[] = [];

  /** A TLS server that answers each request with `answer(request)`, or stays silent for undefined. */
  async function server(answer: (request: Buffer) => Buffer | undefined): Promise<number> {
    const s = tls.createServer({ key: fs.readFileSync(certs.keyFile), cert: fs.readFileSync(certs.certFile) }, (socket) => {
      socket.on('data', (request: Buffer) => {
        const out = answer(request);
        if (out !== undefined) socket.write(out);
      });
      socket.on('error', () => undefined);
    });
    servers.push(s);
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    return (s.address() as net.AddressInfo).port;
  }

  beforeAll(() => {
    certs = makeTestCertificates();
    ca = fs.readFileSync(certs.caFile, 'utf8');
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    fs.rmSync(certs.dir, { recursive: true, force: true });
  });

  test('a server that answers isMaster with ok: 1 over trusted TLS passes', async () => {
    const port = await server((request) => reply(request, bson({ ismaster: true, maxWireVersion: 13, ok: { double: 1 } })));
    await expect(wireProbe('localhost', port, { ca, timeoutMs: 2000 })).resolves.toEqual({ tlsVersion: 'TLSv1.3', maxWireVersion: 13 });
  });

  test('ok: 0 fails with the server message', async () => {
    const port = await server((request) => reply(request, bson({ ok: { double: 0 }, errmsg: 'node is recovering' })));
    await expect(wireProbe('localhost', port, { ca, timeoutMs: 2000 })).rejects.toThrow('isMaster answered ok: 0: node is recovering');
  });

  test('a reply that is not OP_MSG fails', async () => {
    const port = await server((request) => reply(request, bson({ ok: { double: 1 } }), 1));
    await expect(wireProbe('localhost', port, { ca, timeoutMs: 2000 })).rejects.toThrow('reply has opCode 1, expected OP_MSG (2013)');
  });

  test('a certificate of another CA fails the handshake', async () => {
    const port = await server((request) => reply(request, bson({ ok: { double: 1 } })));
    const other = makeTestCertificates();
    try {
      await expect(wireProbe('localhost', port, { ca: fs.readFileSync(other.caFile, 'utf8'), timeoutMs: 2000 })).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
    } finally {
      fs.rmSync(other.dir, { recursive: true, force: true });
    }
  });

  test('a server that never answers times out', async () => {
    const port = await server(() => undefined);
    await expect(wireProbe('localhost', port, { ca, timeoutMs: 300 })).rejects.toThrow('no answer within 300 ms');
  });

  test('nothing listening is refused', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(wireProbe('127.0.0.1', port, { ca, timeoutMs: 1000 })).rejects.toThrow(/ECONNREFUSED/);
  });
});
