// The key a viewer panel is known by: the key of the open-panel map, and what the webview
// persists (PersistedViewState.viewKey) so that a window reload restores the panel. One
// codec for its four forms: `source:<session id>`, `merged`, `capture:<random id>` and
// `history:<account id>/<stream id>`. A capture key holds only an id the host handed out
// (captureRegistry.ts), never a path. A history key names an account and a stream; the
// host checks both before reading anything (the webview's state is untrusted).

export type ViewKey =
  | { kind: 'source'; id: string }
  | { kind: 'merged' }
  | { kind: 'capture'; id: string }
  | { kind: 'history'; accountId: string; streamId: string };

const SOURCE = 'source:';
const CAPTURE = 'capture:';
const HISTORY = 'history:';
const MERGED = 'merged';

export function encodeViewKey(key: ViewKey): string {
  switch (key.kind) {
    case 'source':
      return `${SOURCE}${key.id}`;
    case 'merged':
      return MERGED;
    case 'capture':
      return `${CAPTURE}${key.id}`;
    case 'history':
      // The account id is encoded so that the first `/` always ends it (stream ids hold slashes).
      return `${HISTORY}${encodeURIComponent(key.accountId)}/${key.streamId}`;
  }
}

function decodeHistory(rest: string): ViewKey | undefined {
  const slash = rest.indexOf('/');
  if (slash <= 0 || slash === rest.length - 1) return undefined;
  let accountId: string;
  try {
    accountId = decodeURIComponent(rest.slice(0, slash));
  } catch {
    return undefined;
  }
  return { kind: 'history', accountId, streamId: rest.slice(slash + 1) };
}

/** The view `text` names, or undefined when it is none of the four forms. */
export function decodeViewKey(text: string): ViewKey | undefined {
  if (text === MERGED) return { kind: 'merged' };
  if (text.startsWith(SOURCE)) return { kind: 'source', id: text.slice(SOURCE.length) };
  if (text.startsWith(CAPTURE)) return { kind: 'capture', id: text.slice(CAPTURE.length) };
  if (text.startsWith(HISTORY)) return decodeHistory(text.slice(HISTORY.length));
  return undefined;
}
