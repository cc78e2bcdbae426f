// One metric chart (uPlot) over the server's envelopes: a line per run through the bucket means, an optional
// min/max band, EMA smoothing, log-y, x as step / relative time / wall time, drag-to-zoom that asks the
// caller for finer buckets (double-click or "Reset zoom" to go back), a hover readout that gives each run's
// value at its own nearest logged x, highlighting one run, and PNG download.
import { api } from './api.js';
import { h, formatNumber, download } from './format.js';
import { tickLabels, logTickLabels, durationTick, RELATIVE_TIME_INCREMENTS } from './ticks.js';
import { presentRows, nearestRow, pointsAt } from './hover.js';

/* global uPlot */

export const X_MODES = { step: 'Step', relative: 'Relative time', wall: 'Wall time' };

const SPARSE_POINTS = 50;
const AXIS_FONT = '11px system-ui, sans-serif';

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

/** One run's rows: {table: [x, mean, min?, max?] sorted by x, buckets: the bucket of each row}. */
function tableFor(envelope, run, options) {
  const buckets = envelope ? [...envelope.buckets] : [];
  if (options.x !== 'step') buckets.sort((a, b) => xOf(a, options.x, run.startMs) - xOf(b, options.x, run.startMs));
  const positive = (v) => (options.logY && v != null && v <= 0 ? null : v);
  const xs = buckets.map((b) => xOf(b, options.x, run.startMs));
  const mean = ema(buckets.map((b) => num(b.mean)), options.smooth).map(positive);
  const table = options.band ? [xs, mean, buckets.map((b) => positive(num(b.min))), buckets.map((b) => positive(num(b.max)))] : [xs, mean];
  return { table, buckets };
}

function withAlpha(hex, alpha) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

let measure = null;

/** Width of the widest label, so the y axis is exactly as wide as its numbers (a canvas of its own: uPlot caches its font). */
function labelWidth(values) {
  if (!values || !values.length) return 40;
  measure = measure || document.createElement('canvas').getContext('2d');
  measure.font = AXIS_FONT;
  return Math.ceil(Math.max(...values.map((v) => measure.measureText(String(v)).width))) + 16;
}

/**
 * Draws `key` for `runs` ([{runId, label, color, startMs}]) into container. envelopes: Map runId → envelope.
 * options: {x, smooth, logY, band, height, sync, onZoom(fromStep, toStep), onReset(), onHover(info | null)};
 * info is {key, x, points: [{runId, x, y, bucket}]}, sent only by the chart under the mouse.
 */
export function metricChart(container, key, runs, envelopes, options) {
  const body = h('div', { class: 'chart-body' });
  const readout = h('span', { class: 'chart-readout mono' });
  const resetButton = h('button', { class: 'btn btn-ghost btn-small chart-reset', hidden: true, text: 'Reset zoom',
    title: 'Back to the whole run (or double-click the chart)', onclick: () => resetZoom() });
  const downloadButton = h('button', { class: 'btn btn-ghost btn-small', title: 'Download PNG', 'aria-label': `Download ${key} as PNG`, text: '⤓ PNG', onclick: () => downloadPng() });
  const card = h('div', { class: 'chart-card', dataset: { metric: key } },
    h('div', { class: 'chart-head' }, h('span', { class: 'chart-title', title: key, text: key }), readout,
      h('span', { class: 'chart-note muted' }), resetButton, downloadButton),
    body);
  container.append(card);
  const note = card.querySelector('.chart-note');
  const stride = () => (options.band ? 3 : 1);
  let plot = null;
  let currentEnvelopes = envelopes;
  let runTables = [];
  let rows = [];
  let hovering = false;
  let highlighted = null;
  let zoomed = false;
  const axisTicks = { x: { values: [], labels: [] }, y: { values: [], labels: [] } };

  function joined() {
    runTables = runs.map((run) => tableFor(currentEnvelopes.get(run.runId), run, options));
    const tables = runTables.map((t) => t.table);
    return tables.length === 1 ? tables[0] : uPlot.join(tables);
  }

  function showCount() {
    const total = runs.reduce((sum, run) => sum + ((currentEnvelopes.get(run.runId) || {}).total_count || 0), 0);
    note.textContent = total ? `${total.toLocaleString()} pts` : 'no data';
  }

  function build() {
    if (plot) plot.destroy();
    const data = joined();
    rows = presentRows(data);
    const series = [{ label: options.x === 'step' ? 'step' : 'time' }];
    const bands = [];
    runs.forEach((run, i) => {
      const meanIndex = series.length;
      // A short series is drawn with its points too: a lone point has no line to show it.
      const sparse = runTables[i].table[0].length <= SPARSE_POINTS;
      series.push({ label: run.label, stroke: run.color, width: 1.6, spanGaps: true,
        points: { show: sparse, size: 6, fill: run.color } });
      if (options.band) {
        series.push({ label: `${run.label} min`, stroke: 'transparent', width: 0, spanGaps: true, points: { show: false } });
        series.push({ label: `${run.label} max`, stroke: 'transparent', width: 0, spanGaps: true, points: { show: false } });
        bands.push({ series: [meanIndex + 2, meanIndex + 1], fill: withAlpha(run.color, 0.14) });
      }
    });
    const width = Math.max(240, body.clientWidth || container.clientWidth || 480);
    const record = (axis, splits, labels) => { axisTicks[axis] = { values: [...splits], labels }; return labels; };
    const xValues = options.x === 'relative' ? (u, splits) => record('x', splits, splits.map(durationTick))
      : options.x === 'step' ? (u, splits) => record('x', splits, tickLabels(splits)) : undefined;
    plot = new uPlot({
      width,
      height: options.height || 220,
      series,
      bands,
      legend: { show: false },
      focus: { alpha: 0.2 },
      cursor: {
        sync: options.sync ? { key: options.sync } : undefined,
        drag: { x: true, y: false, setScale: true },
        points: { size: 6 },
        focus: { prox: -1 },
        // Each line's dot sits at its own nearest logged x, not at a blank of the shared x column.
        dataIdx: (u, seriesIndex, cursorIndex, xValue) => {
          if (seriesIndex === 0) return cursorIndex;
          const row = nearestRow(u.data[0], rows[seriesIndex], xValue ?? u.data[0][cursorIndex]);
          return row < 0 ? null : row;
        },
      },
      scales: {
        // One x value alone (a metric logged once) gets room on both sides instead of a default 0..100 axis.
        x: data[0].length && data[0][0] === data[0][data[0].length - 1]
          ? { time: options.x === 'wall', auto: false, min: data[0][0] - 1, max: data[0][0] + 1 }
          : { time: options.x === 'wall' },
        y: options.logY ? { distr: 3, log: 10 } : { auto: true },
      },
      axes: [
        { stroke: '#6b7280', grid: { stroke: '#eef0f3', width: 1 }, ticks: { stroke: '#e5e7eb' }, font: AXIS_FONT,
          incrs: options.x === 'step' ? STEP_INCREMENTS : options.x === 'relative' ? RELATIVE_TIME_INCREMENTS : undefined,
          values: xValues },
        { stroke: '#6b7280', grid: { stroke: '#eef0f3', width: 1 }, ticks: { stroke: '#e5e7eb' }, font: AXIS_FONT,
          size: (u, values) => labelWidth(values),
          values: (u, splits) => record('y', splits, options.logY ? logTickLabels(splits) : tickLabels(splits)) },
      ],
      hooks: {
        setSelect: [(u) => {
          if (u.select.width < 4 || options.x !== 'step' || !options.onZoom) return;
          const from = u.posToVal(u.select.left, 'x');
          const to = u.posToVal(u.select.left + u.select.width, 'x');
          setZoomed(true);
          options.onZoom(from, to);
        }],
        setCursor: [(u) => hovered(u)],
      },
    }, data, body);
    plot.over.addEventListener('mouseenter', () => { hovering = true; });
    plot.over.addEventListener('mouseleave', () => { hovering = false; readout.textContent = ''; if (options.onHover) options.onHover(null); });
    plot.over.addEventListener('dblclick', () => resetZoom());
    if (highlighted) highlight(highlighted);
    showCount();
  }

  /** What the cursor points at, for this chart's readout and (from the chart under the mouse) the caller. */
  function hovered(u) {
    const idx = u.cursor.idx;
    if (idx == null || u.cursor.left < 0) { readout.textContent = ''; return; }
    const x = u.posToVal(u.cursor.left, 'x');
    const columns = runs.map((_, i) => 1 + i * stride());
    const points = pointsAt(u.data, rows, columns, x).map((point, i) => ({
      runId: runs[i].runId, x: point.x, y: point.y, bucket: bucketAt(i, point.x) }));
    const xText = formatX(points.length === 1 && points[0].x != null ? points[0].x : u.data[0][idx]);
    readout.textContent = runs.length === 1 && points[0].y != null ? `${xText}: ${formatNumber(points[0].y)}` : xText;
    readout.dataset.x = String(points.length === 1 ? points[0].x : u.data[0][idx]);
    readout.dataset.value = runs.length === 1 && points[0].y != null ? String(points[0].y) : '';
    if (hovering && options.onHover) options.onHover({ key, x, xText, points });
  }

  function bucketAt(runIndex, x) {
    if (x == null) return null;
    const { table, buckets } = runTables[runIndex];
    const xs = table[0];
    let lo = 0;
    let hi = xs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xs[mid] < x) lo = mid + 1; else hi = mid;
    }
    return xs[lo] === x ? buckets[lo] : null;
  }

  function formatX(x) {
    if (x == null) return '';
    if (options.x === 'wall') return new Date(x * 1000).toLocaleString();
    if (options.x === 'relative') return `+${durationTick(x)}`;
    return `step ${Number.isInteger(x) ? x.toLocaleString('en-US') : formatNumber(x)}`;
  }

  function setZoomed(value) {
    zoomed = value;
    resetButton.hidden = !value;
  }

  function resetZoom() {
    if (!zoomed) return;
    setZoomed(false);
    if (options.onReset) options.onReset();
  }

  /** New envelopes (live refresh or zoom); keepScale leaves the user's zoom as it is, and redraws. */
  function update(next, keepScale) {
    currentEnvelopes = next;
    if (!keepScale) setZoomed(false);
    const data = joined();
    if (!plot || data.length !== plot.data.length) { build(); return; }
    rows = presentRows(data);
    if (keepScale) {
      const { min, max } = plot.scales.x;
      // setData without resetting scales draws nothing by itself: setting the x scale again redraws
      // with the new (finer) data and fits y to what is visible.
      plot.batch(() => {
        plot.setData(data, false);
        plot.setScale('x', { min, max });
      });
    } else {
      plot.setData(data, true);
    }
    showCount();
  }

  /** Brings one run's line forward and fades the rest; null shows them all alike. */
  function highlight(runId) {
    highlighted = runId;
    if (!plot) return;
    const index = runs.findIndex((run) => run.runId === runId);
    plot.setSeries(index < 0 ? null : 1 + index * stride(), { focus: true });
  }

  async function downloadPng() {
    const name = `${key.replace(/[^\w.-]+/g, '_')}.png`;
    // The server renders a publication-ready PNG with the same options; the canvas is the fallback.
    try {
      const response = await fetch(api.chartPngUrl(runs.map((run) => run.runId), key, { ...options, colors: runs.map((run) => run.color) }));
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
    get zoomed() { return zoomed; },
    get runs() { return runs.map((run) => ({ ...run })); },
    /** The tick values and labels last drawn on each axis: {x: {values, labels}, y: {values, labels}}. */
    axisTicks: () => JSON.parse(JSON.stringify(axisTicks)),
    update,
    highlight,
    /** New colours (Map runId → colour), e.g. after the user picked one in the legend. */
    recolor: (colors) => {
      runs = runs.map((run) => ({ ...run, color: colors.get(run.runId) || run.color }));
      build();
    },
    rebuild: (nextOptions) => { Object.assign(options, nextOptions); build(); },
    destroy: () => { resize.disconnect(); if (plot) plot.destroy(); card.remove(); },
  };
  card.sextantChart = handle; // lets browser tests and the benchmark read what was drawn
  return handle;
}
