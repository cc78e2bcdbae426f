// The compare page's charts when runs are grouped (one line per group: the mean of the runs' exact bucket
// means, computed by the server from every point, with the chosen band), or when the x axis is a metric
// (one line per run over that metric's value). Each chart is a bandChart.
import { api } from '../api.js';
import { h, errorBox } from '../format.js';
import { bandChart } from './band-chart.js';
import { bandOf } from './band.js';
import { groupColors, groupLabel } from './group-colors.js';

const API_X = { step: 'step', relative: 'relative_time', wall: 'wall_time' };
export const apiX = (mode) => API_X[mode] || mode;

/** The x where a bucket is drawn: its middle, in seconds for time axes (uPlot's time scale). */
function xOf(bucket, mode) {
  const middle = (Number(bucket.x_start) + Number(bucket.x_end)) / 2;
  return mode === 'relative' || mode === 'wall' ? middle / 1000 : middle;
}

const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Lines of one key's group statistics. */
export function groupLines(response, mode, band) {
  const colors = groupColors(response.groups.map(groupLabel));
  return response.groups.map((group) => {
    const label = groupLabel(group);
    return {
      id: label,
      label: `${label} (${group.run_ids.length})`,
      color: colors.get(label),
      rows: group.buckets.map((bucket) => {
        const [low, high] = bandOf(bucket, band);
        return { x: xOf(bucket, mode), mean: num(bucket.mean), low, high, n: bucket.n, bucket };
      }),
    };
  });
}

/**
 * Draws one chart per key into grid. runs: [{runId, label, color}]; options: {x, smooth, logY};
 * grouping: {groupBy: [...keys], band}. Returns {charts: Map key → chart, destroy()}.
 */
export async function groupedCharts(grid, runs, keys, options, grouping, buckets) {
  const charts = new Map();
  const runIds = runs.map((run) => run.runId);
  const grouped = grouping.groupBy.length > 0;
  for (const key of keys) {
    try {
      let lines;
      if (grouped) {
        const response = await api.metricGroups({ run_ids: runIds, group_by: grouping.groupBy, key, x: apiX(options.x), buckets });
        lines = groupLines(response, options.x, grouping.band);
      } else {
        const envelopes = await Promise.all(runs.map((run) => api.metricByX(run.runId, key, options.x, { buckets }).catch(() => null)));
        lines = runs.map((run, i) => ({
          id: run.runId, label: run.label, color: run.color,
          rows: ((envelopes[i] || {}).buckets || []).map((b) => ({ x: xOf(b, options.x), mean: num(b.mean), low: num(b.min), high: num(b.max), n: null, bucket: b })),
        }));
      }
      const band = grouped ? grouping.band !== 'none' : options.band;
      charts.set(key, bandChart(grid, key, lines, { xMode: options.x, height: 240, logY: options.logY, smooth: options.smooth, band,
        note: grouped ? `${lines.length} groups` : '' }));
    } catch (e) {
      grid.append(h('div', { class: 'chart-card' }, h('div', { class: 'chart-head' }, h('span', { class: 'chart-title', text: key })), errorBox(e)));
    }
  }
  grid.dataset.state = 'ready';
  return { charts, destroy: () => charts.forEach((chart) => chart.destroy()) };
}
