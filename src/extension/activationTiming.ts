// When the extension's code started running and when activate() finished, for the
// real-VS-Code runner to report (test/vscode/suite/1-activationTime.test.ts). The first mark
// is set by the bundle's own first line (scripts/build.mjs banner), before any module of ours
// is evaluated; a global (one Symbol.for key) because the suite runs in the same extension
// host but is not part of the bundle. Three numbers: nothing else is kept.

export const ACTIVATION_TIMING_KEY = 'digiPushMonitor.activationTiming';

export interface ActivationTiming {
  /** performance.now() at the first line of dist/extension.js (absent when not bundled). */
  bundleStart?: number;
  activateStart?: number;
  activateEnd?: number;
}

export function activationTiming(): ActivationTiming {
  const g = globalThis as unknown as Record<symbol, ActivationTiming | undefined>;
  const key = Symbol.for(ACTIVATION_TIMING_KEY);
  g[key] ??= {};
  return g[key];
}
