// Request/response over postMessage: each request gets an id; the host answers with a
// `response` carrying it. Host notifications (init/info/status) go to `onNotify`.
import type { HostToWebview, ViewerMethod, ViewerRequests } from '../shared/viewerProtocol';
import type { VsCodeApi } from './vscodeApi';

type Pending = { resolve(v: unknown): void; reject(e: Error): void; timer?: ReturnType<typeof setTimeout> };

/** Requests that may wait on a dialog have no timeout. */
const NO_TIMEOUT: ReadonlySet<ViewerMethod> = new Set(['export', 'saveCapture', 'openCapture', 'copy', 'exportChart', 'chartHistory']);
const TIMEOUT_MS = 20_000;

export class Rpc {
  private next = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly api: VsCodeApi,
    private readonly onNotify: (msg: Exclude<HostToWebview, { type: 'response' }>) => void,
  ) {
    window.addEventListener('message', (ev: MessageEvent) => this.receive(ev.data));
  }

  request<M extends ViewerMethod>(method: M, params: ViewerRequests[M]['params']): Promise<ViewerRequests[M]['result']> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      const p: Pending = { resolve: resolve as (v: unknown) => void, reject };
      if (!NO_TIMEOUT.has(method)) {
        p.timer = setTimeout(() => {
          this.pending.delete(id);
          reject(new Error(`${method}: no answer from the extension`));
        }, TIMEOUT_MS);
      }
      this.pending.set(id, p);
      this.api.postMessage({ type: 'request', id, method, params } as Parameters<VsCodeApi['postMessage']>[0]);
    });
  }

  private receive(data: unknown): void {
    if (!data || typeof data !== 'object') return;
    const msg = data as HostToWebview;
    if (msg.type === 'response') {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (p.timer) clearTimeout(p.timer);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(new Error(msg.error));
      return;
    }
    if (msg.type === 'init' || msg.type === 'info' || msg.type === 'status') this.onNotify(msg);
  }
}
