// Which capture files this workspace opened in the viewer, so panels can be restored after
// a window reload without trusting the webview. The webview persists its view key, and a
// webview shows untrusted payloads: its state is no more trustworthy than they are. So a
// capture's view key holds only a random id (`capture:<id>`), and the host maps the id to
// the URI it stored itself, in workspace state. A key the host did not hand out (say a
// forged `capture:file:///etc/passwd`) names nothing and is refused.
//
// Bounded: the most recently opened MAX_REMEMBERED_CAPTURES files are kept; opening the
// same file again reuses its id. No vscode import (the memento is an interface).

import { randomBytes } from 'node:crypto';
import { decodeViewKey } from './viewKey';

export interface MementoLike {
  get(key: string): unknown;
  update(key: string, value: unknown): PromiseLike<void>;
}

export const CAPTURE_REGISTRY_KEY = 'digiPushMonitor.viewer.captures';
export const MAX_REMEMBERED_CAPTURES = 50;
const MAX_URI_LENGTH = 8192;
const ID = /^[A-Za-z0-9_-]{22}$/;

/** 128 random bits, base64url. */
export const newCaptureId = (): string => randomBytes(16).toString('base64url');

export class CaptureRegistry {
  /** [id, uri] pairs, oldest first. */
  private entries: [string, string][];

  constructor(
    private readonly memento: MementoLike,
    private readonly newId: () => string = newCaptureId,
  ) {
    this.entries = CaptureRegistry.load(memento.get(CAPTURE_REGISTRY_KEY));
  }

  /** What was stored, keeping only well-formed entries (the store is ours, but check anyway). */
  private static load(v: unknown): [string, string][] {
    if (!Array.isArray(v)) return [];
    const out: [string, string][] = [];
    for (const e of v.slice(-MAX_REMEMBERED_CAPTURES)) {
      if (!Array.isArray(e) || e.length !== 2) continue;
      const [id, uri] = e as unknown[];
      if (typeof id === 'string' && ID.test(id) && typeof uri === 'string' && uri.length > 0 && uri.length <= MAX_URI_LENGTH) out.push([id, uri]);
    }
    return out;
  }

  /** The id of a capture already registered, without registering it. */
  find(uri: string): string | undefined {
    return this.entries.find((e) => e[1] === uri)?.[0];
  }

  /** The id for `uri` (registering it, or making it the most recent). */
  register(uri: string): string {
    const i = this.entries.findIndex((e) => e[1] === uri);
    const id = i >= 0 ? this.entries[i][0] : this.newId();
    if (i >= 0) this.entries.splice(i, 1);
    this.entries.push([id, uri]);
    if (this.entries.length > MAX_REMEMBERED_CAPTURES) this.entries.splice(0, this.entries.length - MAX_REMEMBERED_CAPTURES);
    this.save();
    return id;
  }

  /** The URI the host stored for `id`, or undefined for an id it never handed out. */
  uriOf(id: string): string | undefined {
    if (!ID.test(id)) return undefined;
    return this.entries.find((e) => e[0] === id)?.[1];
  }

  private save(): void {
    void Promise.resolve(this.memento.update(CAPTURE_REGISTRY_KEY, this.entries.map((e) => [...e]))).catch(() => undefined);
  }
}

export type RestoreTarget =
  | { kind: 'merged' }
  | { kind: 'live'; id: string }
  | { kind: 'capture'; id: string; uri: string }
  /** A stream's history: the host checks the account and stream id before reading it again. */
  | { kind: 'history'; accountId: string; streamId: string }
  /** A capture key the host did not hand out: the panel is closed, nothing is read. */
  | { kind: 'refused'; reason: string };

/** What a panel restored after a reload shows, from the view key its webview persisted. */
export function restoreTarget(viewKey: string | undefined, registry: CaptureRegistry): RestoreTarget {
  const key = viewKey === undefined ? undefined : decodeViewKey(viewKey);
  switch (key?.kind) {
    case 'source':
      return { kind: 'live', id: key.id };
    case 'capture': {
      const uri = registry.uriOf(key.id);
      return uri === undefined ? { kind: 'refused', reason: 'a capture view this workspace did not open' } : { kind: 'capture', id: key.id, uri };
    }
    case 'history':
      return { kind: 'history', accountId: key.accountId, streamId: key.streamId };
    default:
      return { kind: 'merged' };
  }
}
