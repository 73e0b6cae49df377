// Test helper: the 6-byte legacy ack the Python clients send (type, blockId, status; no
// length field). The simulator accepts it (FrameDecoder's acceptLegacyAcks); no production
// code writes it, so the encoder lives here, beside the spec vectors it is checked against.

import { FrameType, Status } from '../../src/core/protocol/constants';

export function encodeLegacyAck(blockId: number, status: number = Status.OK): Buffer {
  const buf = Buffer.allocUnsafe(6);
  buf.writeUInt16BE(FrameType.PublishMessageReceived, 0);
  buf.writeUInt16BE(blockId, 2);
  buf.writeUInt16BE(status, 4);
  return buf;
}
