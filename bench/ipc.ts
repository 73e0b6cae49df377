// Child side of the benchmark's IPC: the orchestrator (bench/run.mjs) sends
// {id, cmd, ...args}; the child answers {id, ok, result} or {id, ok: false, error}.
// Children also push unsolicited notices ({notice, ...}). Every child exits when its
// parent goes away (IPC 'disconnect'), so no benchmark process outlives a run.

export type Handler = (msg: Record<string, unknown>) => unknown;

export function serve(handlers: Record<string, Handler>): void {
  process.on('message', (raw) => {
    const msg = raw as Record<string, unknown> & { id: number; cmd: string };
    const h = handlers[msg.cmd];
    if (!h) {
      send({ id: msg.id, ok: false, error: `unknown command ${msg.cmd}` });
      return;
    }
    Promise.resolve()
      .then(() => h(msg))
      .then(
        (result) => send({ id: msg.id, ok: true, result }),
        (e: unknown) => send({ id: msg.id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
      );
  });
  process.on('disconnect', () => process.exit(0));
}

export function send(msg: Record<string, unknown>): void {
  process.send?.(msg);
}

export function notify(notice: string, body: Record<string, unknown> = {}): void {
  send({ notice, ...body });
}

export function memory(): { rss: number; heapUsed: number; external: number; arrayBuffers: number } {
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
}
