// The built-in "Local simulator" account: the simulator (src/simulator) runs inside the
// extension host, started on first use. The import is dynamic so that activation never
// loads it (esbuild keeps the module lazily initialised inside the bundle).

import type { Logger } from '../../core/logger';
import type { SimulatorHandle } from '../../simulator';

export interface SimulatorEndpoint {
  restUrl: string;
  pushHost: string;
  pushTlsPort: number;
  caPem: string;
  username: string;
  password: string;
}

export class LocalSimulator {
  private starting: Promise<SimulatorHandle> | undefined;
  private handle: SimulatorHandle | undefined;
  private endpointValue: SimulatorEndpoint | undefined;

  constructor(
    private readonly log: Logger,
    private readonly eventsPerSecond: () => number,
  ) {}

  get running(): SimulatorHandle | undefined {
    return this.handle;
  }

  get endpoint(): SimulatorEndpoint | undefined {
    return this.endpointValue;
  }

  /** Starts the simulator once; later calls share the same start. A failed start can be retried. */
  ensure(): Promise<SimulatorEndpoint> {
    this.starting ??= this.start().catch((e: unknown) => {
      this.starting = undefined;
      throw e;
    });
    return this.starting.then(() => this.endpointValue as SimulatorEndpoint);
  }

  private async start(): Promise<SimulatorHandle> {
    const sim = await import('../../simulator/index.js');
    const t0 = Date.now();
    const handle = await sim.startSimulator({ rate: this.eventsPerSecond(), logger: this.log });
    if (handle.pushTlsPort === null) {
      await handle.close();
      throw new Error('the local simulator started without its TLS push listener');
    }
    this.handle = handle;
    this.endpointValue = {
      restUrl: handle.restUrl,
      pushHost: handle.host,
      pushTlsPort: handle.pushTlsPort,
      caPem: handle.caPem,
      username: sim.DEMO_ACCOUNT.username,
      password: sim.DEMO_ACCOUNT.password,
    };
    this.log.info(`local simulator started in ${Date.now() - t0} ms: REST ${handle.restUrl}, TLS push ${handle.host}:${handle.pushTlsPort}`);
    return handle;
  }

  setRate(eventsPerSecond: number): void {
    this.handle?.setRate(eventsPerSecond);
  }

  async close(): Promise<void> {
    const h = this.handle;
    this.handle = undefined;
    this.endpointValue = undefined;
    this.starting = undefined;
    if (h) await h.close();
  }
}
