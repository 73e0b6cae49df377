// Burst mode payloads: n small DataPoint events as fast as the socket takes them. One Msg
// is encoded from the generator's own DataPoint shape (so bursts look exactly like
// generated events), with a marker where the sequence digits go; each event is then a
// copy of those bytes with its 12 sequence digits written in place. zlib uses level 1.
//
// Per batch the work is one copy per event and one deflate: the Msg template is made and
// encoded again only when its text can have changed (the clock moved on: it is a function
// of the time alone), and with zlib the document buffer is reused (deflateSync has
// consumed it when it returns).

import { deflateSync } from 'node:zlib';
import { msgText, type PayloadFormat } from './payloadEncoder';
import { seqHex } from './sequence';
import type { SimEvent } from './simEvent';

/** A sequence value whose 12 hex digits appear nowhere else in a DataPoint Msg. */
const MARKER = 0xfedcba987654;
const MARKER_HEX = seqHex(MARKER);
const HEX = Buffer.from('0123456789abcdef');
const DEFLATE_OPTIONS = { level: 1 };

function writeSeq(buf: Buffer, at: number, seq: number): void {
  let v = seq;
  for (let i = 11; i >= 0; i--) {
    buf[at + i] = HEX[v % 16];
    v = Math.floor(v / 16);
  }
}

export class BurstEncoder {
  private readonly json: boolean;
  private readonly open: Buffer;
  private readonly openOne: Buffer;
  private readonly close: Buffer;
  private readonly closeOne: Buffer;
  /** The Msg template of the last batch, the clock reading and timestamp it was made at, and where its marker sits. */
  private msg: Buffer | undefined;
  private msgClock = NaN;
  private msgTimestamp = '';
  private markerAt = 0;
  /** zlib only: the document buffer, reused while batches keep the same size. */
  private doc: Buffer | undefined;

  constructor(
    /**
     * A DataPoint event with the given sequence number, stamped now. Its text must depend
     * only on the sequence number and its timestamp (so an unchanged timestamp means an
     * unchanged template).
     */
    private readonly template: (seq: number) => SimEvent,
    private readonly format: PayloadFormat,
    private readonly zlib: boolean,
    /** The clock the template stamps events with; while it reads the same, the template is reused. */
    private readonly now?: () => number,
  ) {
    this.json = format === 'json';
    this.open = Buffer.from(this.json ? '{"Document":{"Msg":[' : '<Document>');
    this.openOne = Buffer.from(this.json ? '{"Document":{"Msg":' : '<Document>');
    this.close = Buffer.from(this.json ? ']}}' : '</Document>');
    this.closeOne = Buffer.from(this.json ? '}}' : '</Document>');
  }

  /** Payload of one PublishMessage holding sequences first … first+count-1. */
  encode(first: number, count: number): Buffer {
    const clock = this.now?.();
    if (this.msg === undefined || clock === undefined || clock !== this.msgClock) {
      const event = this.template(MARKER);
      if (this.msg === undefined || event.timestamp !== this.msgTimestamp) {
        const msg = Buffer.from(msgText(event, false, this.format));
        const at = msg.indexOf(MARKER_HEX);
        if (at < 0) throw new Error('burst template has no sequence marker');
        this.msg = msg;
        this.markerAt = at;
        this.msgTimestamp = event.timestamp;
        this.doc = undefined; // the Msg length may have changed
      }
      this.msgClock = clock ?? NaN;
    }
    const msg = this.msg;
    const at = this.markerAt;
    const open = count === 1 ? this.openOne : this.open;
    const close = count === 1 ? this.closeOne : this.close;
    const sep = this.json ? 1 : 0;
    const size = open.length + count * msg.length + (count - 1) * sep + close.length;
    // Without zlib the buffer itself is sent (written asynchronously), so it is never reused.
    const buf = this.zlib && this.doc !== undefined && this.doc.length === size ? this.doc : Buffer.allocUnsafe(size);
    if (this.zlib) this.doc = buf;
    let o = open.copy(buf, 0);
    for (let i = 0; i < count; i++) {
      if (i > 0 && sep) buf[o++] = 0x2c; // ','
      msg.copy(buf, o);
      writeSeq(buf, o + at, first + i);
      o += msg.length;
    }
    close.copy(buf, o);
    return this.zlib ? deflateSync(buf, DEFLATE_OPTIONS) : buf;
  }
}
