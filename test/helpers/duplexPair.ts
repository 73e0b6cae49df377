// Two connected in-memory streams, for a push session's connect seam (no sockets): what
// one side writes the other reads, with backpressure; ending or destroying one side ends
// the other's readable side as a FIN would, and (allowHalfOpen off, like net.Socket) that
// side then closes too. Node 22 has stream.duplexPair; this project runs on Node 20.
import { Duplex } from 'node:stream';

class Side extends Duplex {
  peer!: Side;
  /** The peer's write callback, held until this side's reader wants more (backpressure). */
  private waiting: (() => void) | undefined;
  private eof = false;

  constructor() {
    super({ allowHalfOpen: false });
  }

  /** The peer wrote: hand the bytes to this side's reader. */
  deliver(chunk: Buffer, done: () => void): void {
    if (this.eof || this.destroyed) return done();
    if (this.push(chunk)) done();
    else this.waiting = done;
  }

  /** The peer ended or went away: end of data for this side's reader. */
  endOfData(): void {
    if (this.eof || this.destroyed) return;
    this.eof = true;
    this.push(null);
  }

  override _read(): void {
    const done = this.waiting;
    this.waiting = undefined;
    done?.();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.peer.deliver(chunk, () => callback());
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.peer.endOfData();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.peer.endOfData();
    this._read(); // release a peer write still waiting on this side
    callback(error);
  }
}

export function duplexPair(): [Duplex, Duplex] {
  const a = new Side();
  const b = new Side();
  a.peer = b;
  b.peer = a;
  return [a, b];
}
