// Child process for test/integration/tlsVerify.test.ts: runs with the environment the
// parent chose (NODE_TLS_REJECT_UNAUTHORIZED=0), so that variable never reaches the
// test runner. Input: TLS_PROBE (JSON); output: one JSON line on stdout.
import { MonitorRestClient } from '../../src/core/rest/monitorClient';
import { PushSession } from '../../src/core/session';
import type { Logger } from '../../src/core/logger';

export interface ProbeInput {
  ca: string;
  restUrls: string[];
  pushPorts: number[];
}

export interface ProbeOutput {
  rest: { ok: boolean; code?: string; message?: string }[];
  push: { state: string; code?: string; message?: string }[];
  logs: string[];
}

const input = JSON.parse(process.env.TLS_PROBE ?? '{}') as ProbeInput;
const logs: string[] = [];
const at = (level: string) => (m: string) => void logs.push(`${level} ${m}`);
const logger: Logger = { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };

async function main(): Promise<void> {
  const out: ProbeOutput = { rest: [], push: [], logs };
  for (const baseUrl of input.restUrls) {
    const client = new MonitorRestClient({ baseUrl, credentials: { username: 'u', password: 'p4ssw0rd' }, ca: input.ca, logger, retry: { maxRetries: 0 }, timeoutMs: 5000 });
    try {
      await client.testConnection();
      out.rest.push({ ok: true });
    } catch (e) {
      const err = e as { code?: string; message?: string };
      out.rest.push({ ok: false, code: err.code, message: err.message });
    } finally {
      await client.close();
    }
  }
  for (const port of input.pushPorts) {
    const s = new PushSession({ host: '127.0.0.1', port, ca: input.ca, username: 'u', password: 'p4ssw0rd', monitorId: 1, connectTimeoutMs: 5000, logger });
    const end = await new Promise<string>((resolve) => {
      const timer = setTimeout(() => resolve('timeout'), 8000);
      s.on('state', (st) => {
        if (st.kind === 'failed' || st.kind === 'connected') {
          clearTimeout(timer);
          resolve(st.kind);
        }
      });
      s.start();
    });
    const st = s.state;
    out.push.push({ state: end, ...(st.kind === 'failed' ? { code: st.error.code, message: st.error.message } : {}) });
    await s.stop();
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

void main();
