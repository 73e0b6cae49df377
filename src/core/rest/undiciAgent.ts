// The REST client's HTTP transport: undici through its public API only (the package root:
// Agent, ProxyAgent, Dispatcher#request), so an undici release cannot break it through a
// private file. The package root is large (it also holds fetch, WebSocket, caches…), so
// this module is loaded on the first request, not with the client (monitorClient.ts), and
// the extension's build puts it in a file of its own (scripts/build.mjs: dist/rest-lib.js)
// that activation never loads.
//
// Nothing here may create a PushMonitorError or any other class the rest of the code tests
// with instanceof: in the extension this file is a separate bundle with its own copies.

import { Agent, ProxyAgent, type Dispatcher } from 'undici';

export interface TransportOptions {
  /** TLS towards the REST host (direct or inside the proxy tunnel); rejectUnauthorized always explicit. */
  tls: { ca?: string | Buffer; rejectUnauthorized: boolean };
  connectTimeout: number;
  headersTimeout: number;
  bodyTimeout: number;
  maxResponseSize: number;
  /** Tunnel every request through this HTTP(S) proxy (CONNECT). */
  proxy?: {
    /** With user:password if the proxy wants them (undici sends them as Proxy-Authorization). */
    uri: string;
    /** TLS towards an https:// proxy itself: never the REST host's verification. */
    tls: { ca?: string | Buffer | (string | Buffer)[]; rejectUnauthorized: boolean };
  };
}

export type Transport = Dispatcher;

/** A keep-alive dispatcher: a plain Agent, or a ProxyAgent that tunnels to the REST host. */
export function createTransport(o: TransportOptions): Transport {
  const common = {
    connectTimeout: o.connectTimeout,
    headersTimeout: o.headersTimeout,
    bodyTimeout: o.bodyTimeout,
    maxResponseSize: o.maxResponseSize,
  };
  if (!o.proxy) return new Agent({ ...common, connect: { ...o.tls } });
  return new ProxyAgent({
    ...common,
    uri: o.proxy.uri,
    // ProxyAgent takes the origin's TLS options from requestTls (its `connect` is the tunnel).
    requestTls: { ...o.tls },
    proxyTls: { ...o.proxy.tls },
  });
}

export function request(transport: Transport, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
  return transport.request(options);
}
