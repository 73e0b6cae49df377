// The push listeners: plain TCP (real port 3200) and TLS (real port 3201), one
// PushConnection per accepted socket. Connection-level faults (refuse, stall) apply here.

import net from 'node:net';
import tls from 'node:tls';
import type { Logger } from '../core';
import type { Faults } from './faults';
import { PushConnection, type SessionBroker } from './pushConnection';
import type { Timers } from './timers';

export interface PushServerOptions {
  host: string;
  port: number;
  /** null: no TLS listener. */
  tlsPort: number | null;
  certPem?: string;
  keyPem?: string;
  broker: SessionBroker;
  faults: Faults;
  timers: Timers;
  logger: Logger;
  onConnect: (info: { remote: string; secure: boolean; refused: boolean }) => void;
}

export interface PushServers {
  port: number;
  tlsPort: number | null;
  close(): Promise<void>;
}

function listen(server: net.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

export async function startPushServers(o: PushServerOptions): Promise<PushServers> {
  const sockets = new Set<net.Socket>();
  const connections = new Set<PushConnection>();

  const track = (socket: net.Socket, secure: boolean): boolean => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    const remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    const refused = o.faults.refuseConnection();
    o.onConnect({ remote, secure, refused });
    if (refused) socket.destroy();
    return !refused;
  };
  const accept = (socket: net.Socket, secure: boolean) => {
    const conn = new PushConnection(socket, {
      broker: o.broker,
      faults: o.faults,
      timers: o.timers,
      logger: o.logger,
      secure,
      stalled: o.faults.stallHandshake(),
    });
    connections.add(conn);
    socket.once('close', () => connections.delete(conn));
  };

  const plain = net.createServer((socket) => {
    if (track(socket, false)) accept(socket, false);
  });
  const port = await listen(plain, o.port, o.host);

  let secureServer: tls.Server | undefined;
  let tlsPort: number | null = null;
  if (o.tlsPort !== null && o.certPem && o.keyPem) {
    secureServer = tls.createServer({ cert: o.certPem, key: o.keyPem });
    // Refusal happens on the raw socket, before any TLS byte.
    secureServer.on('connection', (raw: net.Socket) => void track(raw, true));
    secureServer.on('secureConnection', (socket: tls.TLSSocket) => {
      if (!socket.destroyed) accept(socket, true);
    });
    secureServer.on('tlsClientError', (e) => o.logger.debug(`TLS handshake failed: ${e.message}`));
    try {
      tlsPort = await listen(secureServer, o.tlsPort, o.host);
    } catch (e) {
      plain.close();
      throw e;
    }
  }

  const closeServer = (s: net.Server) => new Promise<void>((resolve) => s.close(() => resolve()));
  return {
    port,
    tlsPort,
    async close() {
      for (const c of connections) c.destroy('simulator closing');
      for (const s of sockets) s.destroy();
      await Promise.all([closeServer(plain), secureServer ? closeServer(secureServer) : Promise.resolve()]);
    },
  };
}
