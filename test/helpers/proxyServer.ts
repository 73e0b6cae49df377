// A real HTTP proxy on loopback for the proxy tests: the `proxy` package (TooTallNate's
// proxy-agents project), which forwards plain requests and tunnels CONNECT. Every request it
// sees is recorded (method, target, Proxy-Authorization) through its `authenticate` hook,
// which also plays a proxy that wants credentials (407) or refuses everyone.
import { once } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

export interface SeenRequest {
  method: string;
  /** `host:port` for CONNECT, the absolute URL for a forwarded request. */
  target: string;
  authorization?: string;
}

export interface TestProxy {
  /** e.g. http://127.0.0.1:41234 (no credentials). */
  url: string;
  port: number;
  seen: SeenRequest[];
  connects(): string[];
  close(): Promise<void>;
}

export interface TestProxyOptions {
  /** Require these credentials (Basic); anything else gets 407. */
  credentials?: { username: string; password: string };
  /** Answer every request with 407, whatever it carries. */
  refuseAll?: boolean;
  /** Serve the proxy itself over TLS with this key and certificate (an https:// proxy). */
  tls?: { key: string; cert: string };
}

export async function startTestProxy(o: TestProxyOptions = {}): Promise<TestProxy> {
  // An ES module: loaded with import() from these CommonJS tests.
  const { createProxy } = await import('proxy');
  const server = createProxy(o.tls ? https.createServer({ key: o.tls.key, cert: o.tls.cert }) : http.createServer());
  const seen: SeenRequest[] = [];
  const expected = o.credentials ? `Basic ${Buffer.from(`${o.credentials.username}:${o.credentials.password}`).toString('base64')}` : undefined;
  server.authenticate = (req) => {
    const authorization = req.headers['proxy-authorization'];
    seen.push({ method: req.method ?? '', target: req.url ?? '', authorization: typeof authorization === 'string' ? authorization : undefined });
    if (o.refuseAll) return false;
    return expected === undefined || authorization === expected;
  };
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('tlsClientError', () => {});
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${o.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    seen,
    connects: () => seen.filter((r) => r.method === 'CONNECT').map((r) => r.target),
    close: async () => {
      for (const s of sockets) s.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

/**
 * Proxies for one test file: `start()` opens one and remembers it, `closeAll()` (the file's
 * `after`) closes every one opened.
 */
export function testProxies(): { start(o?: TestProxyOptions): Promise<TestProxy>; closeAll(): Promise<void> } {
  const open: TestProxy[] = [];
  return {
    async start(o = {}) {
      const p = await startTestProxy(o);
      open.push(p);
      return p;
    },
    async closeAll() {
      for (const p of open.splice(0)) await p.close();
    },
  };
}
