// The "nothing lost" run (issue 8, part 2): a simulator in this process, a monitor with
// monAckOption=explicit and monAutoReplayOnConnect=true, our PushClient consuming it, and
// the connection dropped at random points, by three means chosen with a seeded PRNG:
//   handle.disconnect() right after publishing (blocks in flight) or once part of a chunk
//   has arrived; the disconnectAfterBlocks fault (n more blocks, then close); and the
//   randomDisconnect fault (a small probability after every block) armed throughout.
// Every published sequence number must arrive (sequenceOf); duplicates are counted (at-least-
// once: a block sent but not acked before a drop is sent again); within one connection
// sequence numbers must strictly increase. Every drop leaves exactly one gap marker (and
// one more connection) once the session is back: no drop without one, no extra ones. Bounded in time; the backlog is bounded too
// (publishing waits while more than `maxBacklog` events are outstanding).

import { PushClient } from '../src/core/pushClient';
import { DEMO_ACCOUNT, pushClientOptionsFor, sequenceOf, startSimulator, type SimulatorHandle } from '../src/simulator';
import { Prng } from './prng';

export interface SoakOptions {
  events: number;
  /** The run fails unless at least this many connections were dropped. */
  minDrops: number;
  seed: number;
  /** monBatchSize. Default 50. */
  batchSize?: number;
  /** Events published per step. Default 250. */
  chunk?: number;
  /** TLS push (verified against the simulator's CA). Default false. */
  secure?: boolean;
  /** Probability of a drop after each block (randomDisconnect fault). Default 0.002. */
  randomDisconnect?: number;
  timeLimitMs: number;
  log?: (line: string) => void;
}

export interface SoakReport {
  seed: number;
  events: number;
  delivered: number;
  missing: number;
  firstMissing: number[];
  duplicates: number;
  replayFlagged: number;
  unsequenced: number;
  orderViolations: number;
  drops: number;
  dropsBy: Record<string, number>;
  gaps: number;
  connections: number;
  acksSent: number;
  reconnectsBySession: number;
  maxBacklog: number;
  /** The simulator's own count for the monitor: events written, events in acked blocks, events sent again from the replay store. */
  server: { sent: number; acked: number; replayed: number; blocksSent: number; dropped: number };
  ms: number;
  timedOut: boolean;
  ok: boolean;
  problems: string[];
}

export async function runSoak(o: SoakOptions): Promise<SoakReport> {
  const log = o.log ?? (() => {});
  const started = Date.now();
  const deadline = started + o.timeLimitMs;
  const rng = new Prng(o.seed);
  const batchSize = o.batchSize ?? 50;
  const chunk = o.chunk ?? 250;
  const maxBacklog = Math.max(4 * chunk, 2 * batchSize);
  const sim: SimulatorHandle = await startSimulator({ seed: o.seed });
  const secure = o.secure === true;
  const client = new PushClient(
    { username: DEMO_ACCOUNT.username, password: DEMO_ACCOUNT.password },
    {
      ...pushClientOptionsFor(sim, secure),
      session: { reconnect: { initialDelayMs: 2, maxDelayMs: 50, jitter: 0.5 }, connectTimeoutMs: 5000 },
    },
  );
  const problems: string[] = [];
  const dropsBy: Record<string, number> = { disconnectNow: 0, disconnectMidChunk: 0, disconnectAfterBlocks: 0, randomDisconnect: 0 };
  let drops = 0;
  let connections = 0;
  let gaps = 0;
  let lastInEpoch = -1;
  let unique = 0;
  let duplicates = 0;
  let replayFlagged = 0;
  let unsequenced = 0;
  let orderViolations = 0;
  let published = 0;
  let firstSeq = -1;
  let maxSeen = 0;
  let timedOut = false;
  const seen = new Uint8Array(o.events);
  let wake: (() => void) | undefined;
  const poke = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  /** Waits, event-driven (callback, gap, sim events), for `cond`; false at the deadline. */
  const until = async (cond: () => boolean): Promise<boolean> => {
    while (!cond()) {
      const left = deadline - Date.now();
      if (left <= 0) {
        timedOut = true;
        return false;
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 1000));
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
    return true;
  };

  let id = 0;
  let simConnected = false;
  let acksThisConnection = 0;
  sim.on('session', (s) => {
    if (s.monitorId !== id) return;
    connections += 1;
    simConnected = true;
    acksThisConnection = 0;
    poke();
  });
  sim.on('ack', (a) => {
    if (a.monitorId !== id) return;
    acksThisConnection += 1;
    poke();
  });
  sim.on('sessionEnd', (s) => {
    if (s.monitorId !== id) return;
    drops += 1;
    simConnected = false;
    poke();
  });
  try {
    id = await client.createMonitor(['DeviceCore', 'DataPoint', 'FileData', 'AlarmStatus'], {
      batchSize,
      batchDuration: 0,
      compression: 'zlib',
      format: 'json',
      ackOption: 'explicit',
      autoReplayOnConnect: true,
    });
    const session = client.createSession((events) => {
      for (const e of events) {
        const seq = sequenceOf(e);
        if (seq === undefined || firstSeq < 0) {
          unsequenced += 1;
          continue;
        }
        const i = seq - firstSeq;
        if (i < 0 || i >= o.events) {
          unsequenced += 1;
          continue;
        }
        if (seq <= lastInEpoch) orderViolations += 1;
        lastInEpoch = seq;
        if (e.replay) replayFlagged += 1;
        if (seen[i]) duplicates += 1;
        else {
          seen[i] = 1;
          unique += 1;
        }
      }
      poke();
    }, id);
    session.on('gap', () => {
      gaps += 1;
      lastInEpoch = -1;
      poke();
    });
    if (!(await until(() => session.state.kind === 'connected'))) throw new Error('the session did not connect');
    sim.faults.set({ monitorId: id, randomDisconnect: o.randomDisconnect ?? 0.002 });

    const steps = Math.ceil(o.events / chunk);
    const want = Math.ceil(o.minDrops * 1.25);
    let lastLog = Date.now();
    for (let step = 0; step < steps; step++) {
      const n = Math.min(chunk, o.events - published);
      // Adaptive: as many drops still to come as the target needs, spread over the steps left.
      const q = Math.min(1, Math.max(0.05, (want - drops) / Math.max(1, steps - step)));
      const mechanism = rng.chance(q) ? rng.pick(['disconnectNow', 'disconnectMidChunk', 'disconnectAfterBlocks'] as const) : undefined;
      // A drop is aimed at a live connection (one still reconnecting cannot be dropped again)
      // that has got somewhere: a few acks in, or nothing left unacknowledged. Without this the
      // drops come faster than any replay can be acked, and every drop resends everything.
      const progress = rng.int(1, 6);
      const live = () =>
        simConnected && session.state.kind === 'connected' && (acksThisConnection >= progress || sim.stats(id).unackedBlocks === 0);
      if (mechanism && !(await until(live))) break;
      if (mechanism === 'disconnectAfterBlocks') {
        sim.faults.set({ monitorId: id, disconnectAfterBlocks: rng.int(1, Math.max(2, Math.ceil(n / batchSize) + 1)) });
      }
      const evs = sim.generate(n);
      if (firstSeq < 0) firstSeq = evs[0].seq ?? -1;
      published += n;
      maxSeen = Math.max(maxSeen, published - unique);
      if (mechanism === 'disconnectNow') {
        if (sim.disconnect(id) > 0) dropsBy.disconnectNow += 1;
      } else if (mechanism === 'disconnectMidChunk') {
        // Once part of this chunk has arrived (and the session is up to take the drop).
        const target = published - rng.int(1, n);
        if (!(await until(() => unique >= target && live()))) break;
        if (sim.disconnect(id) > 0) dropsBy.disconnectMidChunk += 1;
      }
      if (!(await until(() => published - unique <= maxBacklog))) break;
      // One event-loop turn per step at least: the client must see what the server did.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (Date.now() - lastLog > 5000) {
        lastLog = Date.now();
        log(`soak: ${published}/${o.events} published, ${unique} delivered, ${duplicates} duplicates, ${drops} drops, ${gaps} gaps, ${((Date.now() - started) / 1000).toFixed(0)} s`);
      }
    }
    await until(() => unique >= o.events);
    // Rarely the random plan falls short (a drop aimed at a connection already down): top up
    // with drops of the idle, caught-up connection, reported apart.
    dropsBy.disconnectIdle = 0;
    while (drops < o.minDrops && !timedOut) {
      if (!(await until(() => simConnected && session.state.kind === 'connected'))) break;
      if (sim.disconnect(id) > 0) dropsBy.disconnectIdle += 1;
      const before = gaps;
      await until(() => gaps > before);
    }
    const applied = sim.stats().faults;
    dropsBy.disconnectAfterBlocks = applied.disconnectAfterBlocks ?? 0;
    dropsBy.randomDisconnect = applied.randomDisconnect ?? 0;
    sim.faults.clear();
    // Exact accounting: a drop's gap marker comes when the session is back, so wait until both
    // ends are connected again (a randomDisconnect may have hit a replay block just now); then
    // every drop so far must have left exactly one marker, and stop() ends the run, no drop.
    await until(() => simConnected && session.state.kind === 'connected');
    const realDrops = drops;
    const gapsAtStop = gaps;
    const connectionsAtStop = connections;
    const st = sim.stats(id);
    const server = { sent: st.sent, acked: st.acked, replayed: st.replayed, blocksSent: st.blocksSent, dropped: st.dropped };
    if (st.dropped > 0) problems.push(`the simulator dropped ${st.dropped} events`);
    const stats = session.stats;
    await session.stop();
    await client.deleteMonitor(id);
    const missing: number[] = [];
    let missingCount = 0;
    for (let i = 0; i < o.events; i++) {
      if (!seen[i]) {
        missingCount += 1;
        if (missing.length < 10) missing.push(firstSeq + i);
      }
    }
    if (missingCount > 0) problems.push(`${missingCount} sequence numbers never delivered (first: ${missing.join(', ')})`);
    if (orderViolations > 0) problems.push(`${orderViolations} events out of order within a connection`);
    if (unsequenced > 0) problems.push(`${unsequenced} events without a sequence number of this run`);
    if (realDrops < o.minDrops) problems.push(`only ${realDrops} drops, wanted at least ${o.minDrops}`);
    if (gapsAtStop !== realDrops) problems.push(`${gapsAtStop} gap markers for ${realDrops} drops (want exactly one per drop)`);
    if (gaps !== gapsAtStop) problems.push(`${gaps - gapsAtStop} gap markers after stop()`);
    if (connectionsAtStop !== realDrops + 1) problems.push(`${connectionsAtStop} connections for ${realDrops} drops (want drops + 1)`);
    if (timedOut) problems.push(`time limit of ${o.timeLimitMs} ms reached`);
    return {
      seed: o.seed,
      events: published,
      delivered: unique,
      missing: missingCount,
      firstMissing: missing,
      duplicates,
      replayFlagged,
      unsequenced,
      orderViolations,
      drops: realDrops,
      dropsBy,
      gaps,
      connections,
      acksSent: stats.acksSent,
      reconnectsBySession: stats.reconnects,
      maxBacklog: maxSeen,
      server,
      ms: Date.now() - started,
      timedOut,
      ok: problems.length === 0,
      problems,
    };
  } finally {
    await client.close();
    await sim.close();
  }
}

export function formatReport(r: SoakReport): string[] {
  return [
    `soak: seed ${r.seed}, ${(r.ms / 1000).toFixed(1)} s`,
    `  tried: ${r.events} events published (explicit acks, auto-replay), ${r.drops} connection drops at random points ` +
      `(handle.disconnect right after publishing ${r.dropsBy.disconnectNow}, mid-chunk ${r.dropsBy.disconnectMidChunk}; ` +
      `disconnectAfterBlocks fault ${r.dropsBy.disconnectAfterBlocks}; randomDisconnect fault ${r.dropsBy.randomDisconnect}` +
      `${r.dropsBy.disconnectIdle ? `; idle top-up ${r.dropsBy.disconnectIdle}` : ''}), ${r.connections} connections`,
    `  found: ${r.delivered} of ${r.events} sequence numbers delivered, ${r.missing} missing, ${r.duplicates} duplicates (at-least-once), ` +
      `${r.replayFlagged} events flagged replay, ${r.orderViolations} order violations within a connection, ${r.gaps} gap markers, ` +
      `${r.acksSent} acks sent, max backlog ${r.maxBacklog}`,
    `  server side: ${r.server.sent} events written in ${r.server.blocksSent} blocks (${r.server.replayed} from the replay store), ` +
      `${r.server.acked} in acked blocks, ${r.server.dropped} dropped`,
    r.ok ? '  result: OK, nothing lost' : `  result: FAILED: ${r.problems.join('; ')}`,
  ];
}
