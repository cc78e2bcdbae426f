// One metric chart (uPlot) over the server's envelopes: a line per run through the bucket means, an optional
// min/max band, EMA smoothing, log-y, x as step / relative time / wall time, drag-to-zoom that asks the
// caller for finer buckets, and PNG download.
import { api } from './api.js';
import { h, formatNumber, formatDuration, download } from './format.js';

/* global uPlot */

export const X_MODES = { step: 'Step', relative: 'Relative time', wall: 'Wall time' };

const SPARSE_POINTS = 50;

// Steps are whole numbers: a run of a few steps must not get ticks at 0.1, 0.2, ...
const STEP_INCREMENTS = [];
for (let magnitude = 1; magnitude <= 1e15; magnitude *= 10) STEP_INCREMENTS.push(magnitude, 2 * magnitude, 5 * magnitude);

/** Debiased exponential moving average (as TensorBoard does); alpha 0 leaves the values as they are. */
export function ema(values, alpha) {
  if (!alpha) return values;
  const out = new Array(values.length);
  let last = 0;
  let weight = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v == null || !Number.isFinite(v)) { out[i] = v; continue; }
    last = last * alpha + (1 - alpha) * v;
    weight = weight * alpha + (1 - alpha);
    out[i] = last / weight;
  }
  return out;
}

const num = (v) => (typeof v === 'number' ? v : null); // "NaN"/"Infinity" strings are not drawable

function xOf(bucket, mode, startMs) {
  if (mode === 'wall') return bucket.last_timestamp_ms / 1000;
  if (mode === 'relative') return (bucket.last_timestamp_ms - startMs) / 1000;
  return (bucket.first_step + bucket.last_step) / 2;
}

/** One aligned uPlot table per run: [x, mean, min?, max?], sorted by x. */
function tableFor(envelope, run, options) {
  const rows = (envelope ? envelope.buckets : []).map((b) => [xOf(b, options.x, run.startMs), num(b.mean), num(b.min), num(b.max)]);
  if (options.x !== 'step') rows.sort((a, b) => a[0] - b[0]);
  const positive = (v) => (options.logY && v != null && v <= 0 ? null : v);
  const xs = rows.map((r) => r[0]);
  const mean = ema(rows.map((r) => r[1]), options.smooth).map(positive);
  if (!options.band) return [xs, mean];
  return [xs, mean, rows.map((r) => positive(r[2])), rows.map((r) => positive(r[3]))];
}

function withAlpha(hex, alpha) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

/**
 * Draws `key` for `runs` ([{runId, label, color, startMs}]) into container. envelopes: Map runId → envelope.
 * options: {x, smooth, logY, band, height, sync, onZoom(fromStep, toStep), onReset(), onHover(idx, u)}.
 */
export function metricChart(container, key, runs, envelopes, options) {
  const body = h('div', { class: 'chart-body' });
  const downloadButton = h('button', { class: 'btn btn-ghost btn-small', title: 'Download PNG', 'aria-label': `Download ${key} as PNG`, text: '⤓ PNG', onclick: () => downloadPng() });
  const card = h('div', { class: 'chart-card', dataset: { metric: key } },
    h('div', { class: 'chart-head' }, h('span', { class: 'chart-title', title: key, text: key }), h('span', { class: 'chart-note muted' }), downloadButton),
    body);
  container.append(card);
  const note = card.querySelector('.chart-note');
  let plot = null;
  let currentEnvelopes = envelopes;

  function build() {
    if (plot) plot.destroy();
    const tables = runs.map((run) => tableFor(currentEnvelopes.get(run.runId), run, options));
    const data = tables.length === 1 ? tables[0] : uPlot.join(tables);
    const series = [{ label: options.x === 'step' ? 'step' : 'time' }];
    const bands = [];
    runs.forEach((run, i) => {
      const meanIndex = series.length;
      // A short series is drawn with its points too: a lone point has no line to show it.
      const sparse = tables[i][0].length <= SPARSE_POINTS;
      series.push({ label: run.label, stroke: run.color, width: 1.6, spanGaps: true,
        points: { show: sparse, size: 6, fill: run.color } });
      if (options.band) {
        series.push({ label: `${run.label} min`, stroke: 'transparent', width: 0, spanGaps: true, points: { show: false } });
        series.push({ label: `${run.label} max`, stroke: 'transparent', width: 0, spanGaps: true, points: { show: false } });
        bands.push({ series: [meanIndex + 2, meanIndex + 1], fill: withAlpha(run.color, 0.14) });
      }
    });
    const width = Math.max(240, body.clientWidth || container.clientWidth || 480);
    plot = new uPlot({
      width,
      height: options.height || 220,
      series,
      bands,
      legend: { show: false },
      cursor: { sync: options.sync ? { key: options.sync } : undefined, drag: { x: true, y: false, setScale: true }, points: { size: 5 } },
      scales: {
        // One x value alone (a metric logged once) gets room on both sides instead of a default 0..100 axis.
        x: data[0].length && data[0][0] === data[0][data[0].length - 1]
          ? { time: options.x === 'wall', auto: false, min: data[0][0] - 1, max: data[0][0] + 1 }
          : { time: options.x === 'wall' },
        y: options.logY ? { distr: 3, log: 10 } : { auto: true },
      },
      axes: [
        { stroke: '#6b7280', grid: { stroke: '#eef0f3', width: 1 }, ticks: { stroke: '#e5e7eb' }, font: '11px system-ui, sans-serif',
          incrs: options.x === 'step' ? STEP_INCREMENTS : undefined,
          values: options.x === 'relative' ? (u, splits) => splits.map((s) => formatDuration(s * 1000)) : undefined },
        { stroke: '#6b7280', grid: { stroke: '#eef0f3', width: 1 }, ticks: { stroke: '#e5e7eb' }, font: '11px system-ui, sans-serif', size: 56,
          values: (u, splits) => splits.map((s) => formatNumber(s)) },
      ],
      hooks: {
        setSelect: [(u) => {
          if (u.select.width < 4 || options.x !== 'step' || !options.onZoom) return;
          const from = u.posToVal(u.select.left, 'x');
          const to = u.posToVal(u.select.left + u.select.width, 'x');
          options.onZoom(from, to);
        }],
        setCursor: [(u) => options.onHover && options.onHover(u.cursor.idx, u)],
      },
    }, data, body);
    plot.over.addEventListener('dblclick', () => options.onReset && options.onReset());
    const total = runs.reduce((sum, run) => sum + ((currentEnvelopes.get(run.runId) || {}).total_count || 0), 0);
    note.textContent = total ? `${total.toLocaleString()} pts` : 'no data';
  }

  /** New envelopes (live refresh or zoom); keepScale leaves the user's zoom as it is. */
  function update(next, keepScale) {
    currentEnvelopes = next;
    const tables = runs.map((run) => tableFor(next.get(run.runId), run, options));
    const data = tables.length === 1 ? tables[0] : uPlot.join(tables);
    if (!plot || data.length !== plot.data.length) { build(); return; }
    plot.setData(data, !keepScale);
    const total = runs.reduce((sum, run) => sum + ((next.get(run.runId) || {}).total_count || 0), 0);
    note.textContent = total ? `${total.toLocaleString()} pts` : 'no data';
  }

  async function downloadPng() {
    const name = `${key.replace(/[^\w.-]+/g, '_')}.png`;
    // The server renders a publication-ready PNG with the same options; the canvas is the fallback.
    try {
      const response = await fetch(api.chartPngUrl(runs.map((run) => run.runId), key, options));
      if (response.ok && (response.headers.get('Content-Type') || '').startsWith('image/')) {
        const url = URL.createObjectURL(await response.blob());
        download(name, url);
        setTimeout(() => URL.revokeObjectURL(url), 10000);
        return;
      }
    } catch (e) { /* fall back to the canvas below */ }
    // The browser's own canvas, on white (uPlot draws on a transparent canvas).
    const source = plot.ctx.canvas;
    const copy = document.createElement('canvas');
    copy.width = source.width;
    copy.height = source.height;
    const ctx = copy.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, copy.width, copy.height);
    ctx.drawImage(source, 0, 0);
    download(name, copy.toDataURL('image/png'));
  }

  const resize = new ResizeObserver(() => {
    if (plot && body.clientWidth && Math.abs(body.clientWidth - plot.width) > 2) plot.setSize({ width: body.clientWidth, height: plot.height });
  });
  resize.observe(body);
  build();
  const handle = {
    card,
    get plot() { return plot; },
    update,
    rebuild: (nextOptions) => { Object.assign(options, nextOptions); build(); },
    destroy: () => { resize.disconnect(); if (plot) plot.destroy(); card.remove(); },
  };
  card.sextantChart = handle; // lets browser tests and the benchmark read what was drawn
  return handle;
}
