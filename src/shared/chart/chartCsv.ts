// The chart's plotted series as CSV, one row per point (long format: any number of streams
// with their own times, nothing interpolated). A value that was not a number has an empty
// value and what was sent in `text`. Device text is untrusted: cells are formula-safe.

import { csvCell, csvRow } from '../csvText';
import type { SeriesModel } from './seriesModel';

export const CHART_CSV_COLUMNS = ['time', 'epochMs', 'device', 'stream', 'units', 'value', 'text'] as const;

export function chartCsv(model: SeriesModel, keys: readonly string[] = model.plottedKeys()): { csv: string; count: number } {
  const rows: { t: number; line: string }[] = [];
  for (const key of keys) {
    const info = model.info(key);
    if (!info) continue;
    const head = `${csvCell(info.device)},${csvCell(info.stream)},${csvCell(info.units)}`;
    for (const p of model.points(key)) {
      // Numbers as written by String() (a leading minus is not a formula here: no apostrophe).
      const value = p.v === null ? `,${csvCell(p.text ?? '')}` : `${String(p.v)},`;
      rows.push({ t: p.t, line: `${new Date(p.t).toISOString()},${p.t},${head},${value}\r\n` });
    }
  }
  rows.sort((a, b) => a.t - b.t);
  return { csv: csvRow([...CHART_CSV_COLUMNS]) + rows.map((r) => r.line).join(''), count: rows.length };
}
