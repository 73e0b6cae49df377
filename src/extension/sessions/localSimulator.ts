// The built-in "Local simulator" account: the simulator (src/simulator) runs inside the
// extension host, started on first use. The import is dynamic so that activation never
// loads it (esbuild keeps the module lazily initialised inside the bundle).

import type { Logger, PushClientOptions } from '../../core';
import type { pushClientOptionsFor, SimulatorHandle, SimulatorOptions } from '../../simulator';

export interface SimulatorEndpoint {
  /** How a PushClient reaches it (the simulator module's pushClientOptionsFor: TLS push, its own CA). */
  client: PushClientOptions;
  /** Where it listens, for the log and for tests that sign in to it as a custom account. */
  restUrl: string;
  pushHost: string;
  pushTlsPort: number;
  username: string;
  password: string;
}

/** What LocalSimulator needs of the simulator module (a seam for tests). */
export interface SimulatorModule {
  startSimulator(options: SimulatorOptions): Promise<SimulatorHandle>;
  pushClientOptionsFor: typeof pushClientOptionsFor;
  DEMO_ACCOUNT: { username: string; password: string };
}

const loadSimulator = (): Promise<SimulatorModule> => import('../../simulator/index.js');

/** The simulated fleet, for tests and benchmarks (a 10,000-device Devices view); default the simulator's own (5 devices). */
export interface LocalFleetOptions {
  devices?: number;
  seed?: number;
}

export class LocalSimulator {
  private starting: Promise<SimulatorHandle> | undefined;
  private handle: SimulatorHandle | undefined;
  private endpointValue: SimulatorEndpoint | undefined;
  /** Bumped by close(): a start begun before it closes what it started instead of publishing it. */
  private generation = 0;
  private fleet: LocalFleetOptions | undefined;

  constructor(
    private readonly log: Logger,
    private readonly eventsPerSecond: () => number,
    private readonly load: () => Promise<SimulatorModule> = loadSimulator,
  ) {}

  get running(): SimulatorHandle | undefined {
    return this.handle;
  }

  get endpoint(): SimulatorEndpoint | undefined {
    return this.endpointValue;
  }

  /**
   * Starts the simulator once; later calls share the same start. A failed start can be retried.
   * `fleet` applies to the start this call makes; asking for another fleet than the running
   * (or starting) one is refused rather than silently ignored.
   */
  ensure(fleet?: LocalFleetOptions): Promise<SimulatorEndpoint> {
    if (this.starting && fleet && JSON.stringify(fleet) !== JSON.stringify(this.fleet ?? {})) {
      return Promise.reject(new Error(`the local simulator already runs with ${JSON.stringify(this.fleet ?? {})}, not ${JSON.stringify(fleet)}`));
    }
    if (!this.starting) {
      this.fleet = fleet;
      const starting: Promise<SimulatorHandle> = this.start(this.generation).catch((e: unknown) => {
        if (this.starting === starting) this.starting = undefined;
        throw e;
      });
      this.starting = starting;
    }
    return this.starting.then((handle) => {
      const endpoint = this.endpointValue;
      if (this.handle !== handle || !endpoint) throw closedWhileStarting();
      return endpoint;
    });
  }

  private async start(generation: number): Promise<SimulatorHandle> {
    const sim = await this.load();
    if (generation !== this.generation) throw closedWhileStarting();
    const t0 = Date.now();
    const handle = await sim.startSimulator({ rate: this.eventsPerSecond(), logger: this.log, ...this.fleet });
    if (generation !== this.generation) {
      // close() ran while the listeners were opening: close them rather than leave them running.
      await handle.close();
      throw closedWhileStarting();
    }
    if (handle.pushTlsPort === null) {
      await handle.close();
      throw new Error('the local simulator started without its TLS push listener');
    }
    this.handle = handle;
    this.endpointValue = {
      client: sim.pushClientOptionsFor(handle),
      restUrl: handle.restUrl,
      pushHost: handle.host,
      pushTlsPort: handle.pushTlsPort,
      username: sim.DEMO_ACCOUNT.username,
      password: sim.DEMO_ACCOUNT.password,
    };
    this.log.info(`local simulator started in ${Date.now() - t0} ms: REST ${handle.restUrl}, TLS push ${handle.host}:${handle.pushTlsPort}`);
    return handle;
  }

  setRate(eventsPerSecond: number): void {
    this.handle?.setRate(eventsPerSecond);
  }

  /** Stops the simulator; a start still in progress is waited for and its simulator closed too. */
  async close(): Promise<void> {
    this.generation += 1;
    const h = this.handle;
    const starting = this.starting;
    this.handle = undefined;
    this.endpointValue = undefined;
    this.starting = undefined;
    // The pending start sees the new generation and closes what it opened; its error is for ensure()'s callers.
    if (starting) await starting.catch(() => undefined);
    if (h) await h.close();
  }
}

const closedWhileStarting = () => new Error('the local simulator was closed while it was starting');
