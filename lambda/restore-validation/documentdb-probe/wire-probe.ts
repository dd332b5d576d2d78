import * as net from 'node:net';
import * as tls from 'node:tls';

export interface WireProbeOptions {
  /** Trusted CAs (PEM); the server certificate must chain to one and name the host. */
  readonly ca: string;
  readonly timeoutMs: number;
}

/** What the endpoint answered. */
export interface WireProbeAnswer {
  /** Negotiated TLS version, e.g. `TLSv1.3`. */
  readonly tlsVersion: string;
  /** `maxWireVersion` of the isMaster reply, when present. */
  readonly maxWireVersion?: number;
}

/**
 * Opens a TLS connection (certificate and host name verified) and sends the MongoDB wire
 * protocol `isMaster` command, which DocumentDB answers before authentication (every driver
 * sends it first); resolves when the reply says `ok: 1`. Proves more than an open port: the
 * engine is up, TLS is on and the certificate is the one clients will check.
 */
export type WireProbe = (host: string, port: number, options: WireProbeOptions) => Promise<WireProbeAnswer>;

const OP_MSG = 2013;
const HEADER_BYTES = 16;
/** Header, flag bits and the section kind byte that precede the body document. */
const BODY_OFFSET = HEADER_BYTES + 5;
/** Replies larger than this are not an isMaster answer. */
const MAX_REPLY_BYTES = 1024 * 1024;

export const wireProbe: WireProbe = (host, port, options) =>
  new Promise<WireProbeAnswer>((resolve, reject) => {
    const requestId = Math.floor(Math.random() * 0x7fffffff);
    const socket = tls.connect({ host, port, ca: options.ca, servername: net.isIP(host) === 0 ? host : undefined, minVersion: 'TLSv1.2' });
    let buffer = Buffer.alloc(0);
    // Later calls (the close that destroy() causes) are no-ops: a promise settles once, destroy is idempotent.
    const finish = (error?: Error, answer?: WireProbeAnswer) => {
      socket.destroy();
      if (error) reject(error);
      else resolve(answer!);
    };
    socket.setTimeout(options.timeoutMs, () => finish(new Error(`no answer within ${options.timeoutMs} ms`)));
    socket.once('secureConnect', () => socket.write(isMasterRequest(requestId)));
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (buffer.length < 4) return;
      const length = buffer.readInt32LE(0);
      if (length < BODY_OFFSET + 5 || length > MAX_REPLY_BYTES) return finish(new Error(`reply of ${length} bytes is not an isMaster answer`));
      if (buffer.length < length) return;
      try {
        const reply = readReply(buffer.subarray(0, length), requestId);
        const maxWireVersion = typeof reply.maxWireVersion === 'number' ? reply.maxWireVersion : undefined;
        finish(undefined, { tlsVersion: socket.getProtocol() ?? 'unknown', maxWireVersion });
      } catch (e) {
        finish(e as Error);
      }
    });
    socket.once('error', (e: Error) => finish(e));
    socket.once('close', () => finish(new Error('connection closed before the isMaster reply')));
  });

/** OP_MSG with one body section: `{ isMaster: 1, $db: 'admin' }`. */
export function isMasterRequest(requestId: number): Buffer {
  const body = bsonDocument([Buffer.concat([Buffer.from([0x10]), cstring('isMaster'), int32(1)]), Buffer.concat([Buffer.from([0x02]), cstring('$db'), bsonString('admin')])]);
  const header = Buffer.alloc(BODY_OFFSET);
  header.writeInt32LE(BODY_OFFSET + body.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(0, 8); // responseTo
  header.writeInt32LE(OP_MSG, 12);
  header.writeUInt32LE(0, 16); // flagBits
  header.writeUInt8(0, 20); // section kind 0: body
  return Buffer.concat([header, body]);
}

/** Checks the reply answers our request and says ok: 1; returns its top-level scalar fields. */
export function readReply(message: Buffer, requestId: number): Record<string, unknown> {
  const responseTo = message.readInt32LE(8);
  const opCode = message.readInt32LE(12);
  if (opCode !== OP_MSG) throw new Error(`reply has opCode ${opCode}, expected OP_MSG (${OP_MSG})`);
  if (responseTo !== requestId) throw new Error(`reply answers request ${responseTo}, expected ${requestId}`);
  if (message.readUInt8(20) !== 0) throw new Error('reply does not start with a body section');
  const fields = readTopLevelScalars(message.subarray(BODY_OFFSET));
  if (fields.ok !== 1) {
    const why = typeof fields.errmsg === 'string' ? `: ${fields.errmsg}` : '';
    throw new Error(`isMaster answered ok: ${String(fields.ok)}${why}`);
  }
  return fields;
}

/** Sizes of the fixed-length BSON types that are skipped over. */
const FIXED_SIZE: Readonly<Record<number, number>> = { 0x06: 0, 0x07: 12, 0x09: 8, 0x0a: 0, 0x11: 8, 0x12: 8, 0x13: 16, 0x7f: 0, 0xff: 0 };

/** The top-level doubles, int32s, booleans and strings of a BSON document; other fields are skipped. */
export function readTopLevelScalars(doc: Buffer): Record<string, unknown> {
  const size = doc.length >= 4 ? doc.readInt32LE(0) : 0;
  if (size < 5 || size > doc.length) throw new Error(`reply document of ${size} bytes does not fit the message`);
  const fields: Record<string, unknown> = {};
  let at = 4;
  while (at < size - 1) {
    const type = doc.readUInt8(at);
    const nameEnd = doc.indexOf(0, at + 1);
    if (nameEnd < 0 || nameEnd >= size) throw new Error('reply document has an unterminated field name');
    const name = doc.toString('utf8', at + 1, nameEnd);
    at = nameEnd + 1;
    switch (type) {
      case 0x01:
        fields[name] = doc.readDoubleLE(at);
        at += 8;
        break;
      case 0x10:
        fields[name] = doc.readInt32LE(at);
        at += 4;
        break;
      case 0x08:
        fields[name] = doc.readUInt8(at) === 1;
        at += 1;
        break;
      case 0x02:
      case 0x0d:
      case 0x0e: {
        const length = doc.readInt32LE(at);
        if (type === 0x02) fields[name] = doc.toString('utf8', at + 4, at + 4 + length - 1);
        at += 4 + length;
        break;
      }
      case 0x03:
      case 0x04:
        at += doc.readInt32LE(at);
        break;
      case 0x05:
        at += 4 + 1 + doc.readInt32LE(at);
        break;
      case 0x0b:
        at = doc.indexOf(0, doc.indexOf(0, at) + 1) + 1;
        break;
      default:
        if (FIXED_SIZE[type] === undefined) throw new Error(`reply document has a field of unknown BSON type 0x${type.toString(16)}`);
        at += FIXED_SIZE[type];
    }
  }
  return fields;
}

function cstring(s: string): Buffer {
  return Buffer.concat([Buffer.from(s, 'utf8'), Buffer.from([0])]);
}

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n, 0);
  return b;
}

function bsonString(s: string): Buffer {
  const bytes = cstring(s);
  return Buffer.concat([int32(bytes.length), bytes]);
}

function bsonDocument(elements: readonly Buffer[]): Buffer {
  const content = Buffer.concat([...elements, Buffer.from([0])]);
  return Buffer.concat([int32(content.length + 4), content]);
}
