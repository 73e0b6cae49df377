// How a PushClient reaches a running simulator: its REST URL, and TLS push on the TLS
// port verified against the simulator's own CA (or plain TCP when `secure` is false).
// One place for the CLI's --simulator mode, the test helpers and the soak run.

import type { PushClientOptions } from '../core/pushClient';
import type { SimulatorHandle } from './handle';

export function pushClientOptionsFor(sim: SimulatorHandle, secure = true): PushClientOptions {
  return {
    restUrl: sim.restUrl,
    host: sim.host,
    secure,
    pushPort: secure ? (sim.pushTlsPort ?? undefined) : sim.pushPort,
    ca: sim.caPem,
  };
}
