// uPlot options for the plotted series: one time axis, one y scale and axis per unit group
// (left, right, left… so °C and % never share one), colours from the theme, a hover legend
// with time, value, device and stream. Labels are device text: uPlot writes them with
// textContent, and they are cut to one short line first.

import type uPlot from 'uplot';
import { displayLine } from '../../shared/displayText';
import { clock } from '../../shared/eventText';
import type { SeriesInfo } from '../../shared/chart/seriesModel';
import type { ChartTheme } from './chartTheme';

export const NO_UNITS = '(no units)';

/** `FF000001 · metrics/temperature`: the device's last block (the part people read) and the path. */
export function seriesLabel(s: Pick<SeriesInfo, 'device' | 'path'>): string {
  const dev = s.device ? s.device.slice(s.device.lastIndexOf('-') + 1) : '';
  return displayLine(dev ? `${dev} · ${s.path}` : s.path, 80);
}

const num = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });
const dateTime = (ms: number) => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} ${clock(ms)}`;
};

export interface PlotLayout {
  /** Plotted series, in data order. */
  series: SeriesInfo[];
  groups: { units: string; keys: string[] }[];
}

export function plotOptions(layout: PlotLayout, theme: ChartTheme, size: { width: number; height: number }, hooks: uPlot.Hooks.Arrays): uPlot.Options {
  const scaleOf = new Map<string, string>();
  layout.groups.forEach((g, i) => g.keys.forEach((k) => scaleOf.set(k, `y${i}`)));
  const scales: uPlot.Scales = { x: { time: true } };
  layout.groups.forEach((_, i) => (scales[`y${i}`] = { auto: true }));
  const axis = (extra: Partial<uPlot.Axis>): uPlot.Axis => ({
    stroke: theme.foreground,
    font: theme.font,
    labelFont: theme.font,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid, width: 1 },
    ...extra,
  });
  const axes: uPlot.Axis[] = [
    axis({ scale: 'x' }),
    ...layout.groups.map((g, i) =>
      axis({
        scale: `y${i}`,
        side: i % 2 === 0 ? 3 : 1,
        label: displayLine(g.units || NO_UNITS, 30),
        labelSize: 18,
        size: 56,
        // Only the first axis draws the grid: more grids would cross each other.
        grid: { show: i === 0, stroke: theme.grid, width: 1 },
      }),
    ),
  ];
  const series: uPlot.Series[] = [
    { label: 'Time', value: (_u, v) => (v === null || v === undefined ? '–' : dateTime(v)) },
    ...layout.series.map((s, i) => ({
      label: seriesLabel(s),
      scale: scaleOf.get(s.key) ?? 'y0',
      stroke: theme.series[i % theme.series.length],
      width: 1.5,
      spanGaps: false,
      // uPlot's default: dots where points are far enough apart (a stream of one point shows).
      points: { size: 5 },
      value: (_u: uPlot, v: number | null) => (v === null || v === undefined ? '–' : `${num.format(v)}${s.units ? ` ${displayLine(s.units, 20)}` : ''}`),
    })),
  ];
  return {
    width: size.width,
    height: size.height,
    ms: 1,
    scales,
    axes,
    series,
    legend: { show: true, live: true },
    cursor: { drag: { x: true, y: false, setScale: true }, focus: { prox: 30 } },
    focus: { alpha: 0.4 },
    hooks,
  };
}
