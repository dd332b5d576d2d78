import * as fs from 'node:fs';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { BSON } from 'mongodb';
import { TestCertificates } from './test-certificates';

export interface FakeMongoServer {
  readonly port: number;
  /** Commands received, by name (first key of each command document). */
  readonly commands: string[];
  /** Connections still open. */
  openConnections(): number;
  stop(): Promise<void>;
}

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;

/**
 * A TLS server that speaks just enough of the MongoDB wire protocol for a driver's handshake:
 * it answers `hello`/`isMaster` like a DocumentDB 5.0 primary and refuses every authentication
 * with error 18 (AuthenticationFailed), as DocumentDB does for a wrong password.
 */
export async function startFakeMongoServer(certs: TestCertificates): Promise<FakeMongoServer> {
  const commands: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = tls.createServer({ key: fs.readFileSync(certs.keyFile), cert: fs.readFileSync(certs.certFile) }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 4 && buffer.length >= buffer.readInt32LE(0)) {
        const length = buffer.readInt32LE(0);
        socket.write(answer(buffer.subarray(0, length), commands));
        buffer = buffer.subarray(length);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    commands,
    openConnections: () => sockets.size,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function answer(message: Buffer, commands: string[]): Buffer {
  const requestId = message.readInt32LE(4);
  const opCode = message.readInt32LE(12);
  let command: Record<string, unknown>;
  if (opCode === OP_QUERY) {
    const nameEnd = message.indexOf(0, 20);
    const docStart = nameEnd + 1 + 8;
    command = BSON.deserialize(message.subarray(docStart, docStart + message.readInt32LE(docStart)));
  } else {
    // OP_MSG: flag bits, then section kind 0 and the body document.
    command = BSON.deserialize(message.subarray(21, 21 + message.readInt32LE(21)));
  }
  const name = Object.keys(command)[0];
  commands.push(name);
  const reply = replyTo(name);
  return opCode === OP_QUERY ? opReply(requestId, reply) : opMsg(requestId, reply);
}

function replyTo(name: string): Record<string, unknown> {
  if (['hello', 'isMaster', 'ismaster'].includes(name)) {
    return {
      ismaster: true,
      isWritablePrimary: true,
      helloOk: true,
      maxBsonObjectSize: 16 * 1024 * 1024,
      maxMessageSizeBytes: 48_000_000,
      maxWriteBatchSize: 100_000,
      localTime: new Date(),
      minWireVersion: 0,
      maxWireVersion: 13,
      ok: 1,
    };
  }
  if (name === 'saslStart' || name === 'authenticate') return { ok: 0, errmsg: 'Authentication failed.', code: 18, codeName: 'AuthenticationFailed' };
  return { ok: 1 };
}

function header(length: number, responseTo: number, opCode: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(responseTo + 1, 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

function opMsg(responseTo: number, doc: Record<string, unknown>): Buffer {
  const body = Buffer.concat([Buffer.alloc(4), Buffer.from([0]), BSON.serialize(doc)]);
  return Buffer.concat([header(16 + body.length, responseTo, OP_MSG), body]);
}

function opReply(responseTo: number, doc: Record<string, unknown>): Buffer {
  const fields = Buffer.alloc(20);
  fields.writeInt32LE(1, 16); // numberReturned
  const body = Buffer.concat([fields, BSON.serialize(doc)]);
  return Buffer.concat([header(16 + body.length, responseTo, OP_REPLY), body]);
}
