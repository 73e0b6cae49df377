// Encoders and body decoders for the four push frames (push-protocol.md §2.3–§2.6).
// All integers are unsigned big-endian; strings carry a u16 *byte*-length prefix.

import { ProtocolError } from '../errors';
import { FrameType, HEADER_SIZE, PROTOCOL_VERSION, PUBLISH_SUBHEADER_SIZE, Status } from './constants';

export interface Frame {
  type: number;
  /** Bytes after the 6-byte header (a view into the receive buffer where possible). */
  body: Buffer;
}

export interface ConnectRequest {
  version: number;
  username: string;
  password: string;
  monitorId: number;
}

export interface ConnectResponse {
  status: number;
  version: number;
}

export interface PublishMessage {
  blockId: number;
  count: number;
  compression: number;
  format: number;
  /** The (possibly compressed) event document. */
  payload: Buffer;
}

export interface PublishMessageReceived {
  blockId: number;
  status: number;
}

function header(type: number, length: number, total: number): Buffer {
  const buf = Buffer.allocUnsafe(total);
  buf.writeUInt16BE(type, 0);
  buf.writeUInt32BE(length, 2);
  return buf;
}

export function encodeFrame(type: number, body: Buffer): Buffer {
  const buf = header(type, body.length, HEADER_SIZE + body.length);
  body.copy(buf, HEADER_SIZE);
  return buf;
}

function checkU16(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff) {
    throw new RangeError(`${name} must be an integer from 0 to 65535, got ${value}`);
  }
}

/**
 * ConnectRequest. Credentials are encoded as UTF-8 and their prefixes count bytes, as the
 * documentation says (the Java and TypeScript clients differ for non-ASCII; ASCII agrees everywhere).
 */
export function encodeConnectRequest(req: Omit<ConnectRequest, 'version'> & { version?: number }): Buffer {
  const user = Buffer.from(req.username, 'utf8');
  const pass = Buffer.from(req.password, 'utf8');
  checkU16('username byte length', user.length);
  checkU16('password byte length', pass.length);
  if (!Number.isInteger(req.monitorId) || req.monitorId < 0 || req.monitorId > 0xffffffff) {
    throw new RangeError(`monitorId must be an unsigned 32-bit integer, got ${req.monitorId}`);
  }
  const length = 10 + user.length + pass.length;
  const buf = header(FrameType.ConnectRequest, length, HEADER_SIZE + length);
  let o = HEADER_SIZE;
  o = buf.writeUInt16BE(req.version ?? PROTOCOL_VERSION, o);
  o = buf.writeUInt16BE(user.length, o);
  o += user.copy(buf, o);
  o = buf.writeUInt16BE(pass.length, o);
  o += pass.copy(buf, o);
  buf.writeUInt32BE(req.monitorId, o);
  return buf;
}

export function decodeConnectRequest(body: Buffer): ConnectRequest {
  const fail = (what: string): never => {
    throw new ProtocolError(`malformed ConnectRequest: ${what} (body of ${body.length} bytes)`);
  };
  if (body.length < 10) fail('shorter than the 10-byte minimum');
  const version = body.readUInt16BE(0);
  const userLen = body.readUInt16BE(2);
  if (4 + userLen + 2 > body.length) fail(`username length ${userLen} runs past the end`);
  const username = body.toString('utf8', 4, 4 + userLen);
  let o = 4 + userLen;
  const passLen = body.readUInt16BE(o);
  o += 2;
  if (o + passLen + 4 !== body.length) fail(`password length ${passLen} does not match the frame length`);
  const password = body.toString('utf8', o, o + passLen);
  const monitorId = body.readUInt32BE(o + passLen);
  return { version, username, password, monitorId };
}

export function encodeConnectResponse(status: number = Status.OK, version: number = PROTOCOL_VERSION): Buffer {
  const buf = header(FrameType.ConnectResponse, 4, HEADER_SIZE + 4);
  buf.writeUInt16BE(status, 6);
  buf.writeUInt16BE(version, 8);
  return buf;
}

export function decodeConnectResponse(body: Buffer): ConnectResponse {
  if (body.length !== 4) throw new ProtocolError(`malformed ConnectResponse: body is ${body.length} bytes, expected 4`);
  return { status: body.readUInt16BE(0), version: body.readUInt16BE(2) };
}

/** PublishMessage header + sub-header for a payload of `payloadSize` bytes (the payload follows). */
export function encodePublishHeader(msg: Omit<PublishMessage, 'payload'>, payloadSize: number): Buffer {
  checkU16('blockId', msg.blockId);
  checkU16('count', msg.count);
  const buf = header(FrameType.PublishMessage, PUBLISH_SUBHEADER_SIZE + payloadSize, HEADER_SIZE + PUBLISH_SUBHEADER_SIZE);
  buf.writeUInt16BE(msg.blockId, 6);
  buf.writeUInt16BE(msg.count, 8);
  buf.writeUInt8(msg.compression, 10);
  buf.writeUInt8(msg.format, 11);
  buf.writeUInt32BE(payloadSize, 12);
  return buf;
}

export function encodePublishMessage(msg: PublishMessage): Buffer {
  const head = encodePublishHeader(msg, msg.payload.length);
  return Buffer.concat([head, msg.payload], head.length + msg.payload.length);
}

/**
 * Decodes a PublishMessage body. The payload is a view, not a copy. A payloadSize larger
 * than the body is an error; trailing bytes beyond payloadSize are ignored (the real server
 * always sends length == 10 + payloadSize; the seed clients take "everything after byte 10").
 */
export function decodePublishMessage(body: Buffer): PublishMessage {
  if (body.length < PUBLISH_SUBHEADER_SIZE) {
    throw new ProtocolError(`malformed PublishMessage: body is ${body.length} bytes, shorter than its 10-byte sub-header`);
  }
  const payloadSize = body.readUInt32BE(6);
  if (PUBLISH_SUBHEADER_SIZE + payloadSize > body.length) {
    throw new ProtocolError(
      `malformed PublishMessage: payloadSize ${payloadSize} exceeds the ${body.length - PUBLISH_SUBHEADER_SIZE} bytes in the frame`,
    );
  }
  return {
    blockId: body.readUInt16BE(0),
    count: body.readUInt16BE(2),
    compression: body.readUInt8(4),
    format: body.readUInt8(5),
    payload: body.subarray(PUBLISH_SUBHEADER_SIZE, PUBLISH_SUBHEADER_SIZE + payloadSize),
  };
}

/** The 10-byte spec form of the ack (docs, Java and TypeScript clients). */
export function encodeAck(blockId: number, status: number = Status.OK): Buffer {
  checkU16('blockId', blockId);
  const buf = header(FrameType.PublishMessageReceived, 4, HEADER_SIZE + 4);
  buf.writeUInt16BE(blockId, 6);
  buf.writeUInt16BE(status, 8);
  return buf;
}

export function decodeAck(body: Buffer): PublishMessageReceived {
  if (body.length !== 4) throw new ProtocolError(`malformed PublishMessageReceived: body is ${body.length} bytes, expected 4`);
  return { blockId: body.readUInt16BE(0), status: body.readUInt16BE(2) };
}

export function frameTypeName(type: number): string {
  switch (type) {
    case FrameType.ConnectRequest:
      return 'ConnectRequest';
    case FrameType.ConnectResponse:
      return 'ConnectResponse';
    case FrameType.PublishMessage:
      return 'PublishMessage';
    case FrameType.PublishMessageReceived:
      return 'PublishMessageReceived';
    default:
      return `unknown(${type})`;
  }
}
