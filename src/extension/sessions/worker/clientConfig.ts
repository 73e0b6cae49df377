// A client's construction arguments as a session worker receives them: cloned across the
// thread boundary, so only data. Options holding a function (a custom connect, a clock, a
// logger inside) cannot be described; such a client's sessions stay in the extension host.

import type { Credentials, PushClientOptions } from '../../../core';
import type { WorkerClientConfig } from './protocol';

function holdsFunction(v: unknown, depth = 0): boolean {
  if (typeof v === 'function') return true;
  if (!v || typeof v !== 'object' || depth > 8) return false;
  return Object.values(v as Record<string, unknown>).some((x) => holdsFunction(x, depth + 1));
}

export function workerConfig(credentials: Credentials, options: Omit<PushClientOptions, 'logger'>): WorkerClientConfig | undefined {
  if (holdsFunction(credentials) || holdsFunction(options)) return undefined;
  return { credentials, options: options as WorkerClientConfig['options'] };
}
