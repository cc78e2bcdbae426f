// A chart of lines with bands (uPlot): one line per group through its bucket means with the chosen band
// around it, or one line per run over an x metric with its min/max band. The hover box lists every line's
// value, band and n at its own nearest bucket: exactly the numbers the server sent.
import { h, formatNumber } from '../format.js';
import { tickLabels, logTickLabels, durationTick } from '../ticks.js';
import { presentRows, nearestRow } from '../hover.js';

/* global uPlot */

const AXIS_FONT = '11px system-ui, sans-serif';

function withAlpha(hex, alpha) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

/** Debiased EMA over the means (gaps stay gaps), as the other charts smooth. */
function ema(values, alpha) {
  if (!alpha) return values;
  let last = 0;
  let weight = 0;
  return values.map((v) => {
    if (v == null || !Number.isFinite(v)) return v;
    last = last * alpha + (1 - alpha) * v;
    weight = weight * alpha + (1 - alpha);
    return last / weight;
  });
}

/**
 * lines: [{id, label, color, rows: [{x, mean, low, high, n, bucket}]}] with rows ascending in x.
 * options: {xMode ('step' | 'relative' | 'wall' | 'metric:<key>'), height, logY, smooth, band (draw it)}.
 */
export function bandChart(container, key, lines, options) {
  const body = h('div', { class: 'chart-body' });
  const hoverBox = h('div', { class: 'group-hover mono small' });
  const card = h('div', { class: 'chart-card group-chart', dataset: { metric: key } },
    h('div', { class: 'chart-head' }, h('span', { class: 'chart-title', title: key, text: key }),
      h('span', { class: 'chart-note muted', text: options.note || '' })),
    body, hoverBox);
  container.append(card);
  let plot = null;
  let rows = [];

  function table() {
    const tables = lines.map((line) => {
      const xs = line.rows.map((r) => r.x);
      const positive = (v) => (options.logY && v != null && v <= 0 ? null : v);
      const mean = ema(line.rows.map((r) => r.mean), options.smooth).map(positive);
      return options.band
        ? [xs, mean, line.rows.map((r) => positive(r.low)), line.rows.map((r) => positive(r.high))]
        : [xs, mean];
    });
    if (!tables.length) return [[]];
    return tables.length === 1 ? tables[0] : uPlot.join(tables);
  }

  const stride = () => (options.band ? 3 : 1);

  function formatX(x) {
    if (x == null) return '';
    if (options.xMode === 'wall') return new Date(x * 1000).toLocaleString();
    if (options.xMode === 'relative') return `+${durationTick(x)}`;
    if (options.xMode.startsWith('metric:')) return `${options.xMode.slice(7)} ${formatNumber(x)}`;
    return `step ${Number.isInteger(x) ? x.toLocaleString('en-US') : formatNumber(x)}`;
  }

  /** Log or linear y; a fixed range when asked for, or the 1st–99th percentile of the means ("ignore outliers"). */
  function yScale(data) {
    const scale = options.logY ? { distr: 3, log: 10 } : { auto: true };
    let [min, max] = options.yRange || [null, null];
    if (options.ignoreOutliers && (min == null || max == null)) {
      const values = [];
      for (let c = 1; c < data.length; c += stride()) for (const v of data[c]) if (v != null && Number.isFinite(v)) values.push(v);
      values.sort((a, b) => a - b);
      if (values.length > 2) {
        const low = values[Math.floor(values.length * 0.01)];
        const high = values[Math.min(values.length - 1, Math.ceil(values.length * 0.99) - 1)];
        const pad = (high - low) * 0.05 || Math.abs(high) * 0.05 || 1;
        if (min == null) min = low - pad;
        if (max == null) max = high + pad;
      }
    }
    if (min != null || max != null) {
      scale.auto = false;
      scale.range = (u, dataMin, dataMax) => [min ?? dataMin, max ?? dataMax];
    }
    return scale;
  }

  function build() {
    if (plot) plot.destroy();
    const data = table();
    rows = presentRows(data);
    const series = [{ label: 'x' }];
    const bands = [];
    lines.forEach((line) => {
      const meanIndex = series.length;
      series.push({ label: line.label, stroke: line.color, width: 2, spanGaps: true, points: { show: line.rows.length <= 50, size: 5, fill: line.color } });
      if (options.band) {
        series.push({ label: `${line.label} low`, stroke: 'transparent', width: 0, spanGaps: true, points: { show: false } });
        series.push({ label: `${line.label} high`, stroke: 'transparent', width: 0, spanGaps: true, points: { show: false } });
        bands.push({ series: [meanIndex + 2, meanIndex + 1], fill: withAlpha(line.color, 0.18) });
      }
    });
    const width = Math.max(240, body.clientWidth || container.clientWidth || 480);
    plot = new uPlot({
      width,
      height: options.height || 240,
      series,
      bands,
      legend: { show: false },
      cursor: {
        drag: { x: false, y: false },
        points: { size: 6 },
        dataIdx: (u, seriesIndex, cursorIndex, xValue) => {
          if (seriesIndex === 0) return cursorIndex;
          const row = nearestRow(u.data[0], rows[seriesIndex], xValue ?? u.data[0][cursorIndex]);
          return row < 0 ? null : row;
        },
      },
      scales: { x: { time: options.xMode === 'wall' }, y: yScale(data) },
      axes: [
        { stroke: '#6b7280', grid: { stroke: '#eef0f3', width: 1 }, font: AXIS_FONT,
          values: options.xMode === 'relative' ? (u, splits) => splits.map(durationTick)
            : options.xMode === 'wall' ? undefined : (u, splits) => tickLabels(splits) },
        { stroke: '#6b7280', grid: { stroke: '#eef0f3', width: 1 }, font: AXIS_FONT, size: 60,
          values: (u, splits) => (options.logY ? logTickLabels(splits) : tickLabels(splits)) },
      ],
      hooks: { setCursor: [(u) => hovered(u)] },
    }, data, body);
    plot.over.addEventListener('mouseleave', () => hoverBox.replaceChildren());
  }

  /** Each line's bucket nearest the cursor: the row the hover box shows. */
  function rowsAt(x) {
    return lines.map((line) => {
      const xs = line.rows.map((r) => r.x);
      if (!xs.length) return null;
      let best = 0;
      for (let i = 1; i < xs.length; i++) if (Math.abs(xs[i] - x) < Math.abs(xs[best] - x)) best = i;
      return line.rows[best];
    });
  }

  function hovered(u) {
    if (u.cursor.idx == null || u.cursor.left < 0) return;
    const x = u.posToVal(u.cursor.left, 'x');
    const at = rowsAt(x);
    hoverBox.replaceChildren(h('div', { class: 'muted', text: formatX(x) }), ...lines.map((line, i) => {
      const row = at[i];
      if (!row) return null;
      const band = row.low == null || row.high == null ? '' : ` [${formatNumber(row.low)} – ${formatNumber(row.high)}]`;
      return h('div', { class: 'group-hover-row', dataset: { line: line.id, mean: String(row.mean), low: String(row.low), high: String(row.high),
        n: String(row.n ?? ''), xStart: String(row.bucket.x_start), xEnd: String(row.bucket.x_end) } },
      h('span', { class: 'swatch', style: `background:${line.color}` }), ` ${line.label}: `,
      h('strong', { text: row.mean == null ? '—' : formatNumber(row.mean) }), band, row.n == null ? '' : ` n=${row.n}`);
    }));
  }

  const resize = new ResizeObserver(() => {
    if (plot && body.clientWidth && Math.abs(body.clientWidth - plot.width) > 2) plot.setSize({ width: body.clientWidth, height: plot.height });
  });
  resize.observe(body);
  build();
  const handle = {
    card,
    get plot() { return plot; },
    lines: () => lines.map((line) => ({ id: line.id, label: line.label, color: line.color, rows: line.rows.length })),
    rebuild: (next) => { Object.assign(options, next); build(); },
    destroy: () => { resize.disconnect(); if (plot) plot.destroy(); card.remove(); },
  };
  card.sextantChart = handle;
  return handle;
}
