// The part of the webview API VS Code injects (acquireVsCodeApi may be called once).
import type { PersistedViewState, WebviewToHost } from '../shared/viewerProtocol';

export interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: PersistedViewState): void;
}

declare global {
  function acquireVsCodeApi(): VsCodeApi;
}

let api: VsCodeApi | undefined;

export function vscodeApi(): VsCodeApi {
  return (api ??= acquireVsCodeApi());
}
