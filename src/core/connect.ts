// How a push session gets its byte stream. For every connection attempt the session
// calls a PushConnect function and speaks the push protocol over the Duplex it returns
// (the MQTT.js StreamBuilder shape). connectDirect, the default, opens TCP or TLS itself;
// a tunnel (an HTTP CONNECT proxy, say) or a test's in-memory pair can stand in for it.

import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';

export interface PushConnectOptions {
  host: string;
  port: number;
  /** TLS when true, plain TCP when false. */
  secure: boolean;
  /** PEM of a private CA to trust instead of the system store. */
  ca?: string | Buffer | (string | Buffer)[];
  /** Decided by the session (true unless the caller turned verification off): pass it to TLS as it is. */
  rejectUnauthorized: boolean;
  /** SNI and the name the certificate must carry; undefined for an IP literal. */
  servername: string | undefined;
  /** Aborted when the session gives up on this attempt (connect timeout, stop()): release what is open, then reject. */
  signal: AbortSignal;
}

/**
 * Opens one connection to the push server. Resolve (or return) the stream only once it is
 * ready for the ConnectRequest, which carries the password: TCP connected and, when
 * `secure`, the TLS handshake done and the certificate verified. Reject with the socket's
 * error (the session tells ECONNREFUSED, ENOTFOUND and TLS verify codes apart) or a
 * PushMonitorError, which the session reports as it is.
 */
export type PushConnect = (options: PushConnectOptions) => Duplex | Promise<Duplex>;

/** The default PushConnect: TCP, or TLS straight to host:port. */
export function connectDirect(options: PushConnectOptions): Promise<Duplex> {
  const { host, port } = options;
  const socket = options.secure
    ? tls.connect({ host, port, ca: options.ca, rejectUnauthorized: options.rejectUnauthorized, servername: options.servername })
    : net.connect({ host, port });
  socket.setNoDelay(true);
  // The protocol has no heartbeat; TCP keep-alive finds half-open sockets (sleep, NAT drop).
  socket.setKeepAlive(true, 30_000);
  return whenReady(socket, options.secure ? 'secureConnect' : 'connect', options.signal);
}

function whenReady<T extends net.Socket>(socket: T, event: 'connect' | 'secureConnect', signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      socket.destroy();
      reject(signal.reason);
    };
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    // Stays on after the stream is handed over (a no-op then: the promise is settled), so an
    // error in the moment before the session adds its own listener is not an uncaught one.
    socket.on('error', (err) => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      reject(err);
    });
    socket.once(event, () => {
      signal.removeEventListener('abort', onAbort);
      resolve(socket);
    });
  });
}
