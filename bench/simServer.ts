// The simulator under benchmark, in its own process (as a real server would be): plain TCP
// push on loopback, no TLS, no background generator. The orchestrator creates monitors,
// triggers bursts and reads stats over IPC; `session` notices tell it when a client
// (including a spawned push-client CLI, which creates its own monitor) is live.

import { startSimulator } from '../src/simulator';
import type { MonitorSettings } from '../src/core/monitor';
import { memory, notify, serve } from './ipc';

async function main(): Promise<void> {
  const sim = await startSimulator({ seed: 1, tls: false, rate: 0, host: '127.0.0.1' });
  sim.on('session', (s) => notify('session', { monitorId: s.monitorId }));
  serve({
    createMonitor: (m) => sim.createMonitor(m.settings as MonitorSettings),
    burst: async (m) => sim.burst(m.monitorId as number, m.count as number, { batchSize: m.batchSize as number }),
    stats: (m) => sim.stats(m.monitorId as number),
    /**
     * Resolves once the client has sent `count / batchSize` more ack frames for the monitor.
     * Counted in ack frames, not `acked` events: with more than 4096 blocks in flight the
     * simulator forgets the oldest blocks of an ack-less (monAckOption=off) monitor, and
     * their late acks then add no events. The last ack is always of a recent block, so the
     * 'ack' event fires for it.
     */
    waitAcked: (m) =>
      new Promise<number>((resolve) => {
        const id = m.monitorId as number;
        const target = sim.stats(id).acksReceived + Math.ceil((m.count as number) / (m.batchSize as number));
        const onAck = (a: { monitorId: number }) => {
          if (a.monitorId !== id || sim.stats(id).acksReceived < target) return;
          sim.off('ack', onAck);
          resolve(sim.stats(id).acksReceived);
        };
        sim.on('ack', onAck);
      }),
    memory: () => memory(),
    close: async () => {
      await sim.close();
      setImmediate(() => process.exit(0));
      return true;
    },
  });
  notify('ready', { host: sim.host, pushPort: sim.pushPort, restPort: sim.restPort, restUrl: sim.restUrl });
}

void main();
