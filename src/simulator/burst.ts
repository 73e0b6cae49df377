// Burst mode payloads: n small DataPoint events as fast as the socket takes them. One Msg
// is encoded per batch from the generator's own DataPoint shape (so bursts look exactly
// like generated events), with a marker where the sequence digits go; each event is then a
// copy of those bytes with its 12 sequence digits written in place. zlib uses level 1.

import { deflateSync } from 'node:zlib';
import { msgText, type PayloadFormat } from './payloadEncoder';
import { seqHex } from './sequence';
import type { SimEvent } from './simEvent';

/** A sequence value whose 12 hex digits appear nowhere else in a DataPoint Msg. */
const MARKER = 0xfedcba987654;
const MARKER_HEX = seqHex(MARKER);
const HEX = Buffer.from('0123456789abcdef');

function writeSeq(buf: Buffer, at: number, seq: number): void {
  let v = seq;
  for (let i = 11; i >= 0; i--) {
    buf[at + i] = HEX[v % 16];
    v = Math.floor(v / 16);
  }
}

export class BurstEncoder {
  constructor(
    /** A DataPoint event with the given sequence number, stamped now. */
    private readonly template: (seq: number) => SimEvent,
    private readonly format: PayloadFormat,
    private readonly zlib: boolean,
  ) {}

  /** Payload of one PublishMessage holding sequences first … first+count-1. */
  encode(first: number, count: number): Buffer {
    const msg = Buffer.from(msgText(this.template(MARKER), false, this.format));
    const at = msg.indexOf(MARKER_HEX);
    if (at < 0) throw new Error('burst template has no sequence marker');
    const json = this.format === 'json';
    const open = Buffer.from(json ? (count === 1 ? '{"Document":{"Msg":' : '{"Document":{"Msg":[') : '<Document>');
    const close = Buffer.from(json ? (count === 1 ? '}}' : ']}}') : '</Document>');
    const sep = json ? 1 : 0;
    const buf = Buffer.allocUnsafe(open.length + count * msg.length + (count - 1) * sep + close.length);
    let o = open.copy(buf, 0);
    for (let i = 0; i < count; i++) {
      if (i > 0 && sep) buf[o++] = 0x2c; // ','
      msg.copy(buf, o);
      writeSeq(buf, o + at, first + i);
      o += msg.length;
    }
    close.copy(buf, o);
    return this.zlib ? deflateSync(buf, { level: 1 }) : buf;
  }
}
