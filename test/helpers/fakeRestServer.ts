// A recording /ws/Monitor server for CLI tests: routes answer from a small in-memory
// table; every request (method, url, headers, body) is kept for assertions.
import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type Route = (req: RecordedRequest, res: http.ServerResponse) => boolean | void;

export interface FakeRest {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** TCP connections accepted so far (keep-alive reuse shows as fewer connections than requests). */
  connections(): number;
  close(): Promise<void>;
}

export async function startFakeRest(route: Route): Promise<FakeRest> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(r);
      if (!route(r, res) && !res.headersSent) {
        res.writeHead(404);
        res.end('{"error":["no route"]}');
      }
    });
  });
  let connections = 0;
  server.on('connection', () => void (connections += 1));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    connections: () => connections,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

export const emptyList = JSON.stringify({ resultTotalRows: '0', requestedStartRow: '0', resultSize: '0', requestedSize: '1000', remainingSize: '0', items: [] });

export function listWith(ids: number[], topic: string): string {
  return JSON.stringify({
    resultTotalRows: String(ids.length), requestedStartRow: '0', resultSize: String(ids.length), requestedSize: '1000', remainingSize: '0',
    items: ids.map((id) => ({ monId: String(id), monTopic: topic, monTransportType: 'tcp', monStatus: 'INACTIVE' })),
  });
}
