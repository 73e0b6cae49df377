// A scripted push server for session tests: each accepted socket is handed to the
// test's handler with helpers to await frames, so tests wait on conditions, not sleeps.
// startScriptedServer listens on a real loopback port; memoryPushServer serves the same
// handler over in-memory streams through the session's `connect` option (no sockets), for
// tests that run on a fake clock.
import net from 'node:net';
import { once } from 'node:events';
import type { Duplex } from 'node:stream';
import type { PushConnect } from '../../src/core/connect';
import { FrameDecoder } from '../../src/core/protocol/frameDecoder';
import { decodeAck, decodeConnectRequest, type ConnectRequest, type Frame } from '../../src/core/protocol/frames';
import { duplexPair } from './duplexPair';

export interface ServerConn {
  socket: Duplex;
  /** Resolves with the next frame the client sends. */
  nextFrame(): Promise<Frame>;
  connectRequest(): Promise<ConnectRequest>;
  /** Resolves with the block ids of the next n acks. */
  acks(n: number): Promise<number[]>;
  frames: Frame[];
}

export interface ScriptedServer {
  port: number;
  connections: ServerConn[];
  close(): Promise<void>;
  /** Resolves with the n-th connection (1-based) once it arrives. */
  connection(n: number): Promise<ServerConn>;
}

export type ConnHandler = (conn: ServerConn, index: number) => void | Promise<void>;

/** The accepting side both servers share: frames decoded per stream, connections numbered from 1. */
function acceptor(handler: ConnHandler) {
  const connections: ServerConn[] = [];
  const waiters: { n: number; resolve: (c: ServerConn) => void }[] = [];
  const accept = (socket: Duplex) => {
    const decoder = new FrameDecoder({ acceptLegacyAcks: true });
    const frames: Frame[] = [];
    // Readers are served one frame each, in the order they asked.
    const pending: ((f: Frame) => void)[] = [];
    let read = 0;
    socket.on('data', (chunk: Buffer) => {
      for (const f of decoder.push(chunk)) {
        frames.push(f);
        const waiter = pending.shift();
        if (waiter) {
          read += 1;
          waiter(f);
        }
      }
    });
    socket.on('error', () => {});
    const nextFrame = () =>
      new Promise<Frame>((resolve) => {
        if (read < frames.length) resolve(frames[read++]);
        else pending.push(resolve);
      });
    const conn: ServerConn = {
      socket,
      frames,
      nextFrame,
      connectRequest: async () => decodeConnectRequest((await nextFrame()).body),
      acks: async (n) => {
        const ids: number[] = [];
        while (ids.length < n) ids.push(decodeAck((await nextFrame()).body).blockId);
        return ids;
      },
    };
    connections.push(conn);
    for (const w of waiters.filter((w) => w.n === connections.length)) w.resolve(conn);
    void handler(conn, connections.length);
  };
  const connection = (n: number) =>
    new Promise<ServerConn>((resolve) => {
      if (connections.length >= n) resolve(connections[n - 1]);
      else waiters.push({ n, resolve });
    });
  return { connections, accept, connection };
}

export interface MemoryServer {
  /** For PushSessionOptions.connect: every call is a new connection to this server. */
  connect: PushConnect;
  connections: ServerConn[];
  connection(n: number): Promise<ServerConn>;
  close(): void;
}

export function memoryPushServer(handler: ConnHandler): MemoryServer {
  const { connections, accept, connection } = acceptor(handler);
  return {
    connect: () => {
      const [client, server] = duplexPair();
      accept(server);
      return client;
    },
    connections,
    connection,
    close: () => {
      for (const c of connections) c.socket.destroy();
    },
  };
}

export async function startScriptedServer(handler: ConnHandler): Promise<ScriptedServer> {
  const { connections, accept, connection } = acceptor(handler);
  const server = net.createServer(accept);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as net.AddressInfo).port,
    connections,
    connection,
    close: async () => {
      for (const c of connections) c.socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

/** Resolves when `predicate` holds, polling on an interval; rejects after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
