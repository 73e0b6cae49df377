// The key a viewer panel is known by: the key of the open-panel map, and what the webview
// persists (PersistedViewState.viewKey) so that a window reload restores the panel. One
// codec for its three forms: `source:<session id>`, `merged` and `capture:<random id>`.
// A capture key holds only an id the host handed out (captureRegistry.ts), never a path.

export type ViewKey = { kind: 'source'; id: string } | { kind: 'merged' } | { kind: 'capture'; id: string };

const SOURCE = 'source:';
const CAPTURE = 'capture:';
const MERGED = 'merged';

export function encodeViewKey(key: ViewKey): string {
  switch (key.kind) {
    case 'source':
      return `${SOURCE}${key.id}`;
    case 'merged':
      return MERGED;
    case 'capture':
      return `${CAPTURE}${key.id}`;
  }
}

/** The view `text` names, or undefined when it is none of the three forms. */
export function decodeViewKey(text: string): ViewKey | undefined {
  if (text === MERGED) return { kind: 'merged' };
  if (text.startsWith(SOURCE)) return { kind: 'source', id: text.slice(SOURCE.length) };
  if (text.startsWith(CAPTURE)) return { kind: 'capture', id: text.slice(CAPTURE.length) };
  return undefined;
}
