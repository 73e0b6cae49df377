// How a PushClient reaches a running simulator: its REST URL, and TLS push on the TLS
// port verified against the simulator's own CA (or plain TCP when `secure` is false).
// The one place for the CLI's --simulator mode, the extension's Local simulator account,
// the test helpers and the soak run.

import type { PushClientOptions } from '../core';
import type { SimulatorHandle } from './handle';

/** The parts of a running simulator that say where and how to reach it. */
export type SimulatorAddress = Pick<SimulatorHandle, 'restUrl' | 'host' | 'pushPort' | 'pushTlsPort' | 'caPem'>;

export function pushClientOptionsFor(sim: SimulatorAddress, secure = true): PushClientOptions {
  return {
    restUrl: sim.restUrl,
    host: sim.host,
    secure,
    pushPort: secure ? (sim.pushTlsPort ?? undefined) : sim.pushPort,
    // TLS push and https are verified against the simulator's own CA, never switched off.
    ca: sim.caPem,
  };
}
