import * as fs from 'node:fs';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { BSON } from 'mongodb';
import { isMasterRequest, readReply, readTopLevelScalars, wireProbe } from '../../../../lambda/restore-validation/documentdb-probe/wire-probe';
import { makeTestCertificates, TestCertificates } from '../../support/test-certificates';

// A probe that never settles fails its test here instead of hanging the run.
jest.setTimeout(15_000);

// BSON element types and sizes: https://bsonspec.org/spec.html
// OP_MSG layout (16-byte header, flagBits, section kind 0 + body): "OP_MSG", MongoDB wire protocol reference.

/** One BSON element: type byte, cstring name, payload. */
function element(type: number, name: string, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type]), Buffer.from(`${name}\0`), payload]);
}

/** A BSON document around raw elements. */
function document(elements: Buffer[]): Buffer {
  const content = Buffer.concat([...elements, Buffer.from([0])]);
  const size = Buffer.alloc(4);
  size.writeInt32LE(content.length + 4);
  return Buffer.concat([size, content]);
}

/** An OP_MSG message: header answering `responseTo`, flag bits, section kind, body. */
function message(body: Buffer, responseTo: number, opCode = 2013, sectionKind = 0): Buffer {
  const header = Buffer.alloc(21);
  header.writeInt32LE(21 + body.length, 0);
  header.writeInt32LE(99, 4);
  header.writeInt32LE(responseTo, 8);
  header.writeInt32LE(opCode, 12);
  header.writeUInt8(sectionKind, 20);
  return Buffer.concat([header, body]);
}

describe('isMasterRequest', () => {
  test('is an OP_MSG body section { isMaster: 1, $db: "admin" } carrying the request id', () => {
    const request = isMasterRequest(42);
    expect(request.readInt32LE(0)).toBe(request.length);
    expect(request.readInt32LE(4)).toBe(42);
    expect(request.readInt32LE(12)).toBe(2013);
    expect(readTopLevelScalars(request.subarray(21))).toEqual({ isMaster: 1, $db: 'admin' });
  });
});

describe('readTopLevelScalars', () => {
  test('reads doubles, int32s, booleans and strings, and skips every other BSON type to the fields after it', () => {
    const { Binary, BSONRegExp, BSONSymbol, Code, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp } = BSON;
    const serialized = BSON.serialize({
      nested: { a: 1, b: 'x' },
      double: new Double(2.5),
      list: [1, 'two', 3],
      int: new Int32(-7),
      bin: new Binary(Buffer.from([1, 2, 3, 4, 5])),
      yes: true,
      re: new BSONRegExp('a.c', 'im'),
      no: false,
      oid: new ObjectId('0123456789abcdef01234567'),
      text: 'héllo wörld',
      date: new Date(0),
      nil: null,
      code: new Code('x = 1'),
      ts: new Timestamp({ t: 1, i: 2 }),
      symbol: new BSONSymbol('sym'),
      long: Long.fromNumber(5),
      dec: Decimal128.fromString('1.5'),
      min: new MinKey(),
      max: new MaxKey(),
      ok: 1,
    });
    expect(readTopLevelScalars(Buffer.from(serialized))).toStrictEqual({ double: 2.5, int: -7, yes: true, no: false, text: 'héllo wörld', ok: 1 });
  });

  test('skips the deprecated undefined type (0x06), which has no payload', () => {
    const doc = document([element(0x06, 'gone', Buffer.alloc(0)), element(0x10, 'ok', Buffer.from([1, 0, 0, 0]))]);
    expect(readTopLevelScalars(doc)).toStrictEqual({ ok: 1 });
  });

  test('an empty document (5 bytes) has no fields', () => {
    expect(readTopLevelScalars(Buffer.from([5, 0, 0, 0, 0]))).toStrictEqual({});
  });

  test('a document may be followed by other bytes of the message', () => {
    const doc = document([element(0x10, 'ok', Buffer.from([1, 0, 0, 0]))]);
    expect(readTopLevelScalars(Buffer.concat([doc, Buffer.from([0xaa, 0xbb])]))).toStrictEqual({ ok: 1 });
  });

  test.each([
    ['a size under 5', Buffer.from([4, 0, 0, 0]), 'reply document of 4 bytes does not fit the message'],
    ['fewer than 4 bytes', Buffer.from([5, 0, 0]), 'reply document of 0 bytes does not fit the message'],
    ['a size past the end', Buffer.from([6, 0, 0, 0, 0]), 'reply document of 6 bytes does not fit the message'],
  ])('%s is refused', (_what, doc, error) => {
    expect(() => readTopLevelScalars(doc)).toThrow(new Error(error));
  });

  test('a field of a type the probe does not know is refused, naming the type', () => {
    const doc = document([element(0x0f, 'scoped', Buffer.alloc(4))]);
    expect(() => readTopLevelScalars(doc)).toThrow(new Error('reply document has a field of unknown BSON type 0xf'));
  });

  test('a field name without its terminating zero inside the document is refused', () => {
    // No zero byte after the type at all.
    const unterminated = Buffer.from([9, 0, 0, 0, 0x10, 0x61, 0x62, 0x63, 0x64]);
    expect(() => readTopLevelScalars(unterminated)).toThrow(new Error('reply document has an unterminated field name'));
    // The zero byte comes only after the document's end.
    const pastEnd = Buffer.from([7, 0, 0, 0, 0x10, 0x61, 0x62, 0x00]);
    expect(() => readTopLevelScalars(pastEnd)).toThrow(new Error('reply document has an unterminated field name'));
  });
});

describe('readReply', () => {
  const okBody = document([element(0x01, 'ok', Buffer.from(new Float64Array([1]).buffer))]);

  test('returns the fields of an ok: 1 reply to our request', () => {
    expect(readReply(message(okBody, 42), 42)).toStrictEqual({ ok: 1 });
  });

  test('a reply to another request is refused', () => {
    expect(() => readReply(message(okBody, 43), 42)).toThrow(new Error('reply answers request 43, expected 42'));
  });

  test('a reply that does not start with a body section is refused', () => {
    expect(() => readReply(message(okBody, 42, 2013, 1), 42)).toThrow(new Error('reply does not start with a body section'));
  });

  test('ok other than 1 fails, with errmsg when the server gave a string one', () => {
    const body = (fields: Buffer[]) => message(document(fields), 42);
    const ok0 = element(0x10, 'ok', Buffer.from([0, 0, 0, 0]));
    expect(() => readReply(body([ok0]), 42)).toThrow(new Error('isMaster answered ok: 0'));
    expect(() => readReply(body([ok0, element(0x10, 'errmsg', Buffer.from([5, 0, 0, 0]))]), 42)).toThrow(new Error('isMaster answered ok: 0'));
    expect(() => readReply(body([]), 42)).toThrow(new Error('isMaster answered ok: undefined'));
  });
});

describe('wireProbe against a local TLS server', () => {
  let certs: TestCertificates;
  let ca: string;
  const servers: tls.Server[] = [];

  interface Seen {
    requestIds: number[];
    servernames: (string | false | null)[];
  }

  /** A TLS server that answers each request with the chunks `answer` returns (written `gapMs` apart); none is silence. */
  async function server(answer: (requestId: number) => Buffer[] | 'close', gapMs = 0): Promise<{ port: number; seen: Seen }> {
    const seen: Seen = { requestIds: [], servernames: [] };
    const s = tls.createServer({ key: fs.readFileSync(certs.keyFile), cert: fs.readFileSync(certs.certFile) }, (socket) => {
      seen.servernames.push(socket.servername);
      socket.on('error', () => undefined);
      socket.on('data', (request: Buffer) => {
        const requestId = request.readInt32LE(4);
        seen.requestIds.push(requestId);
        const chunks = answer(requestId);
        if (chunks === 'close') {
          socket.end();
          return;
        }
        chunks.forEach((chunk, i) => setTimeout(() => socket.writable && socket.write(chunk), i * gapMs));
      });
    });
    servers.push(s);
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    return { port: (s.address() as net.AddressInfo).port, seen };
  }

  /** A header alone, claiming `length` bytes. */
  const headerClaiming = (length: number) => {
    const b = Buffer.alloc(4);
    b.writeInt32LE(length);
    return b;
  };
  /** A reply as a server sends it: `fields` serialized by the MongoDB driver's BSON. */
  const replyOf = (requestId: number, fields: Record<string, unknown>, opCode?: number) => message(Buffer.from(BSON.serialize(fields)), requestId, opCode);
  const okReply = (requestId: number, extra: Buffer[] = []) => message(document([...extra, element(0x10, 'ok', Buffer.from([1, 0, 0, 0]))]), requestId);

  beforeAll(() => {
    certs = makeTestCertificates();
    ca = fs.readFileSync(certs.caFile, 'utf8');
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    fs.rmSync(certs.dir, { recursive: true, force: true });
  });
  afterEach(() => jest.restoreAllMocks());

  test('a server that answers isMaster with ok: 1 over trusted TLS passes', async () => {
    const { port } = await server((id) => [replyOf(id, { ismaster: true, maxWireVersion: 13, ok: new BSON.Double(1) })]);
    await expect(wireProbe('localhost', port, { ca, timeoutMs: 2000 })).resolves.toStrictEqual({ tlsVersion: 'TLSv1.3', maxWireVersion: 13 });
  });

  test('ok: 0 fails with the server message', async () => {
    const { port } = await server((id) => [replyOf(id, { ok: new BSON.Double(0), errmsg: 'node is recovering' })]);
    await expect(wireProbe('localhost', port, { ca, timeoutMs: 2000 })).rejects.toThrow(new Error('isMaster answered ok: 0: node is recovering'));
  });

  test('a reply that is not OP_MSG fails', async () => {
    const { port } = await server((id) => [replyOf(id, { ok: new BSON.Double(1) }, 1)]);
    await expect(wireProbe('localhost', port, { ca, timeoutMs: 2000 })).rejects.toThrow(new Error('reply has opCode 1, expected OP_MSG (2013)'));
  });

  test('a certificate of another CA fails the handshake', async () => {
    const { port } = await server((id) => [okReply(id)]);
    const other = makeTestCertificates();
    try {
      await expect(wireProbe('localhost', port, { ca: fs.readFileSync(other.caFile, 'utf8'), timeoutMs: 2000 })).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
    } finally {
      fs.rmSync(other.dir, { recursive: true, force: true });
    }
  });

  test('a server that never answers times out', async () => {
    const { port } = await server(() => []);
    await expect(wireProbe('localhost', port, { ca, timeoutMs: 300 })).rejects.toThrow(new Error('no answer within 300 ms'));
  });

  test('nothing listening is refused', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(wireProbe('127.0.0.1', port, { ca, timeoutMs: 1000 })).rejects.toThrow(/ECONNREFUSED/);
  });

  test('a reply that arrives in pieces (first under 4 bytes) is reassembled', async () => {
    const { port } = await server((id) => {
      const whole = okReply(id);
      return [whole.subarray(0, 3), whole.subarray(3, 10), whole.subarray(10)];
    }, 30);
    await expect(wireProbe('localhost', port, { ca, timeoutMs: 3000 })).resolves.toStrictEqual({ tlsVersion: 'TLSv1.3', maxWireVersion: undefined });
  });

  test('a maxWireVersion that is not a number is left out', async () => {
    const { port } = await server((id) => [okReply(id, [element(0x02, 'maxWireVersion', Buffer.concat([Buffer.from([3, 0, 0, 0]), Buffer.from('13\0')]))])]);
    await expect(wireProbe('localhost', port, { ca, timeoutMs: 3000 })).resolves.toStrictEqual({ tlsVersion: 'TLSv1.3', maxWireVersion: undefined });
  });

  test.each([
    ['shorter than header and empty body (25 bytes)', 25],
    ['larger than 1 MiB', 1024 * 1024 + 1],
  ])('a reply length %s is refused as soon as its first 4 bytes arrive', async (_what, length) => {
    const { port } = await server(() => [headerClaiming(length)]);
    await expect(wireProbe('localhost', port, { ca, timeoutMs: 3000 })).rejects.toThrow(new Error(`reply of ${length} bytes is not an isMaster answer`));
  });

  test('the smallest possible reply (header and an empty document, 26 bytes) is read', async () => {
    const { port } = await server((id) => [message(Buffer.from([5, 0, 0, 0, 0]), id)]);
    await expect(wireProbe('localhost', port, { ca, timeoutMs: 3000 })).rejects.toThrow(new Error('isMaster answered ok: undefined'));
  });

  test('a reply of exactly 1 MiB is read', async () => {
    const ok = element(0x10, 'ok', Buffer.from([1, 0, 0, 0]));
    // 21 header + 4 size + ok element + padding element (type, "p\0", int32 length, bytes, \0) + 1 terminator.
    const paddingBytes = 1024 * 1024 - 21 - 4 - ok.length - (1 + 2 + 4 + 1) - 1;
    const length = Buffer.alloc(4);
    length.writeInt32LE(paddingBytes + 1);
    const padding = element(0x02, 'p', Buffer.concat([length, Buffer.alloc(paddingBytes, 0x61), Buffer.from([0])]));
    const { port } = await server((id) => [message(document([padding, ok]), id)]);
    await expect(wireProbe('localhost', port, { ca, timeoutMs: 10000 })).resolves.toMatchObject({ tlsVersion: 'TLSv1.3' });
  });

  test('a server that closes the connection without answering fails', async () => {
    const { port } = await server(() => 'close');
    await expect(wireProbe('localhost', port, { ca, timeoutMs: 3000 })).rejects.toThrow(new Error('connection closed before the isMaster reply'));
  });

  test('the request id is a random 31-bit number the reply must echo', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
    const { port, seen } = await server((id) => [okReply(id + 1)]);
    await expect(wireProbe('localhost', port, { ca, timeoutMs: 3000 })).rejects.toThrow(new Error('reply answers request 1073741824, expected 1073741823'));
    expect(seen.requestIds).toEqual([1073741823]);
  });

  test('a host name is sent as SNI; an IP address is not (RFC 6066 allows host names only)', async () => {
    const { port, seen } = await server((id) => [okReply(id)]);
    await wireProbe('localhost', port, { ca, timeoutMs: 3000 });
    await wireProbe('127.0.0.1', port, { ca, timeoutMs: 3000 });
    expect(seen.servernames).toEqual(['localhost', false]);
  });
});
