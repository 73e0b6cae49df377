// The library under benchmark: one PushSession (through PushClient, as applications use
// it) on plain TCP loopback, auto-ack.
//
//   mode 'library'    measure 1/2: the callback only counts the events it is handed.
//   mode 'slowCallback' / 'slowIterator'   measure 3: a consumer limited to `rate` events/s
//                     (a callback returning a promise / a `for await` loop). RSS is sampled
//                     every 100 ms and every event's simulator sequence number is checked
//                     (none missing, duplicated or out of order).

import { PushClient } from '../src/core/pushClient';
import type { PushEvent, SessionItem } from '../src/core/events';
import type { PushSession } from '../src/core/session';
import { sequenceOf } from '../src/simulator/sequence';
import { memory, notify, serve } from './ipc';

type Mode = 'library' | 'slowCallback' | 'slowIterator';

let client: PushClient | undefined;
let session: PushSession | undefined;
let received = 0;
let target = Infinity;
let check = false;
let lastSeq: number | undefined;
const seqErrors = { missing: 0, duplicated: 0, reordered: 0, unnumbered: 0 };
let samples: { t: number; rss: number; heapUsed: number; arrayBuffers: number }[] = [];
let sampler: NodeJS.Timeout | undefined;
let started = 0;

function checkSequence(e: PushEvent): void {
  const s = sequenceOf(e);
  if (s === undefined) {
    seqErrors.unnumbered += 1;
    return;
  }
  if (lastSeq !== undefined) {
    if (s === lastSeq) seqErrors.duplicated += 1;
    else if (s < lastSeq) seqErrors.reordered += 1;
    else if (s > lastSeq + 1) seqErrors.missing += s - lastSeq - 1;
  }
  lastSeq = s;
}

function arrived(n: number): void {
  received += n;
  if (received >= target) {
    target = Infinity;
    if (sampler) clearInterval(sampler);
    sampler = undefined;
    const stats = session ? { ...session.stats } : undefined;
    notify('done', { received, stats, seqErrors: { ...seqErrors }, samples });
  }
}

/** A consumer that can take `rate` events per second: each batch costs n / rate seconds, spent waiting. */
function pacer(rate: number): (n: number) => Promise<void> {
  let free = 0;
  return (n) => {
    const now = performance.now();
    free = Math.max(free, now) + (n * 1000) / rate;
    return new Promise((resolve) => setTimeout(resolve, free - now));
  };
}

async function connect(m: Record<string, unknown>): Promise<void> {
  const mode = m.mode as Mode;
  const rate = (m.rate as number | undefined) ?? 0;
  check = mode !== 'library';
  client = new PushClient(
    { username: 'demo', password: 'demo-password' },
    { host: m.host as string, secure: false, pushPort: m.port as number, restUrl: m.restUrl as string },
  );
  const monitorId = m.monitorId as number;
  if (mode === 'library') {
    session = client.createSession((events) => arrived(events.length), monitorId, { reconnect: false });
  } else if (mode === 'slowCallback') {
    const wait = pacer(rate);
    session = client.createSession(
      (events) => {
        for (const e of events) checkSequence(e);
        arrived(events.length);
        return wait(events.length);
      },
      monitorId,
      { reconnect: false },
    );
  } else {
    const s = client.createSession(undefined, monitorId, { reconnect: false });
    session = s;
    const wait = pacer(rate);
    void (async () => {
      let n = 0;
      for await (const item of s as AsyncIterable<SessionItem>) {
        if (item.kind !== 'event') continue;
        checkSequence(item);
        arrived(1);
        if (++n === 100) {
          n = 0;
          await wait(100);
        }
      }
    })();
  }
  await new Promise<void>((resolve, reject) => {
    session?.on('state', (st) => {
      if (st.kind === 'connected') resolve();
      if (st.kind === 'failed') reject(st.error);
    });
  });
}

serve({
  connect,
  expect: (m) => {
    target = received + (m.count as number);
    if (check) {
      samples = [];
      started = performance.now();
      const sample = () => {
        const mem = memory();
        samples.push({ t: Math.round(performance.now() - started), rss: mem.rss, heapUsed: mem.heapUsed, arrayBuffers: mem.arrayBuffers });
      };
      sample();
      sampler = setInterval(sample, 100);
    }
    return received;
  },
  memory: () => memory(),
  close: async () => {
    await client?.close();
    setImmediate(() => process.exit(0));
    return true;
  },
});
notify('ready');
