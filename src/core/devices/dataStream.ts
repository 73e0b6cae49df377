// DataStream (rest-devices-streams §3): stream records from a /ws/DataStream answer, JSON or
// XML, and the `<DataStream>` document that creates one.

import { describeValue } from '../errors';
import { buildXml } from '../xmlLib';
import { assignDefined, type ItemReader } from './fields';
import { dataPointFromItem } from './dataPoint';
import { checkStreamId, checkXmlText, invalidArgument } from './ids';
import { cursorPage, parseEnvelope } from './paging';
import { DATA_STREAM_TYPES, type CreateStreamOptions, type CursorPage, type DataStreamInfo } from './types';

/** One stream; a stream without data has no currentValue. An absent dataType reads as `UNKNOWN`, the service's own word for it. */
export function dataStreamFromItem(r: ItemReader): DataStreamInfo {
  const current = r.object('currentValue');
  const forwardTo = r
    .optText('forwardTo')
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return assignDefined<DataStreamInfo>(
    { streamId: r.requiredText('streamId').trim(), dataType: r.optText('dataType')?.trim() || 'UNKNOWN' },
    {
      customerId: r.int('cstId'),
      units: r.optText('units'),
      description: r.optText('description'),
      forwardTo: forwardTo?.length ? forwardTo : undefined,
      dataTtl: r.int('dataTtl'),
      rollupTtl: r.int('rollupTtl'),
      currentValue: current && dataPointFromItem(current),
    },
  );
}

/** A page of `/ws/DataStream` (a single-stream GET answers the same envelope). */
export function parseDataStreamPage(text: string): CursorPage<DataStreamInfo> {
  return cursorPage(parseEnvelope(text, 'DataStream'), dataStreamFromItem);
}

/** The `<DataStream>` document POSTed to create a stream; the data type is checked here, the server's 400 would only say "Invalid dataType". */
export function dataStreamCreateXml(opts: CreateStreamOptions): string {
  const streamId = checkStreamId(opts.streamId);
  if (!DATA_STREAM_TYPES.includes(opts.dataType)) {
    throw invalidArgument(`dataType ${describeValue(opts.dataType)} is not one of ${DATA_STREAM_TYPES.join(', ')}`);
  }
  const fields: Record<string, string> = { streamId, dataType: opts.dataType };
  if (opts.units !== undefined) fields.units = checkXmlText(opts.units, 'units');
  if (opts.description !== undefined) fields.description = checkXmlText(opts.description, 'description');
  return buildXml({ DataStream: fields });
}
