// Local Digi Remote Manager simulator: /ws/Monitor, /ws/DeviceCore, /ws/DataStream and
// /ws/DataPoint REST, TCP and TLS push, an event generator, burst mode and fault injection.
// No `vscode` import: usable from tests, the CLI (src/cli/simulatorMain.ts) and the extension alike.

export { startSimulator, Simulator } from './simulator';
export {
  SIMULATOR_DEFAULTS,
  type SimulatorOptions,
  type SimulatorHandle,
  type SimulatorStats,
  type SimulatorEventMap,
  type MonitorSummary,
  type FaultControl,
  type DeviceConnectionChange,
} from './handle';
export { UnknownDeviceError } from './deviceStore';
export {
  DEMO_ACCOUNT,
  DEMO_USERNAME,
  DEMO_PASSWORD,
  DEMO_API_KEY_ID,
  DEMO_API_KEY_SECRET,
  DEMO_CUSTOMER_ID,
  type SimAccount,
} from './accounts';
export type { MonitorStats, BurstResult } from './channel';
export type { FaultSettings, RestStatusFault } from './faults';
export type { EventInput, SimEvent } from './simEvent';
export { sequenceOf, sequenceOfData, eventUuid } from './sequence';
export { pushClientOptionsFor } from './clientOptions';
export { isLoopbackHost } from './loopback';
export { CONTROL_LIMITS } from './control';
export { FAULT_LIMITS } from './faults';
