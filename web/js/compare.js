// Compare runs: an overlay chart per metric with one shared legend, x-axis / smoothing / log-y / band
// options, zoom that re-asks the server, a config diff, parallel coordinates and a param-vs-metric scatter.
// Every option lives in the URL hash.
import { api } from './api.js';
import { shareButton } from './share.js';
import { h, errorBox, formatNumber, statusPill } from './format.js';
import { hrefFor, patchQuery, listParam } from './state.js';
import { metricChart, X_MODES } from './chart.js';
import { colorFor } from './palette.js';
import { configDiff } from './config-diff.js';
import { drawParallel, drawScatter } from './plots.js';

const LIVE_POLL_MS = 1000;
const PARALLEL_FETCHES = 4;

/** Fewer buckets per run as runs are added, so one chart stays near 20,000 drawn points. */
export const bucketsFor = (runCount) => Math.max(100, Math.min(1000, Math.round(20000 / Math.max(1, runCount))));

export async function render(main, parts, query) {
  const runIds = listParam(query, 'runs');
  const experimentId = query.get('exp');
  const options = {
    x: X_MODES[query.get('x')] ? query.get('x') : 'step',
    smooth: Math.min(0.99, Math.max(0, Number(query.get('smooth')) || 0)),
    logY: query.get('log') === '1',
    band: query.get('band') !== '0',
  };
  let onlyDifferences = query.get('diff') !== 'all';
  const crumbs = h('nav', { class: 'crumbs' }, h('a', { href: '#/', text: 'Experiments' }), h('span', { text: '/' }));
  main.append(crumbs);
  if (!runIds.length) {
    main.append(h('div', { class: 'empty' }, h('h2', { text: 'No runs selected' }), 'Select runs in a runs table, then press Compare.'));
    return null;
  }

  let runs;
  try {
    runs = await api.getRuns(runIds);
  } catch (e) {
    main.append(errorBox(e));
    return null;
  }
  // Back to the runs table these runs came from (the link of a shared compare URL may not say which).
  const home = experimentId || (new Set(runs.map((run) => run.experiment_id)).size === 1 ? runs[0].experiment_id : null);
  if (home) {
    const back = h('a', { href: hrefFor(['experiments', home], { sel: runIds }), text: 'Runs' });
    crumbs.append(back, h('span', { text: '/' }));
    api.getExperiment(home).then((experiment) => { back.textContent = experiment.name; }).catch(() => {});
  }
  const colors = runs.map((_, i) => colorFor(i));
  const chartRuns = runs.map((run, i) => ({ runId: run.run_id, label: run.name || run.run_id.slice(0, 8), color: colors[i], startMs: run.start_time_ms }));
  const allKeys = [...new Set(runs.flatMap((run) => Object.keys(run.metrics || {})))]
    .sort((a, b) => (a.startsWith('system/') - b.startsWith('system/')) || a.localeCompare(b));
  // Metrics every run logged at most once (final scores) compare better side by side than as lone dots.
  const loggedOnce = (key) => runs.every((run) => !(run.metrics || {})[key] || run.metrics[key].count <= 1);
  const valueKeys = allKeys.filter(loggedOnce);
  const keys = allKeys.filter((key) => !loggedOnce(key));
  const buckets = bucketsFor(runs.length);
  const charts = new Map();
  const zoomed = new Set();
  let disposed = false;
  let timer = null;
  document.title = `Compare ${runs.length} runs · Sextant`;

  // Controls
  const xSelect = h('select', { id: 'x-mode', 'aria-label': 'X axis' }, Object.entries(X_MODES).map(([value, label]) =>
    h('option', { value, selected: value === options.x, text: label })));
  const smoothInput = h('input', { type: 'range', id: 'smoothing', min: '0', max: '0.99', step: '0.01', value: String(options.smooth), 'aria-label': 'EMA smoothing' });
  const smoothValue = h('span', { class: 'mono small', text: options.smooth.toFixed(2) });
  const logBox = h('input', { type: 'checkbox', id: 'log-y', checked: options.logY });
  const bandBox = h('input', { type: 'checkbox', id: 'band', checked: options.band });
  xSelect.addEventListener('change', () => { options.x = xSelect.value; saveOptions(); rebuildCharts(); });
  smoothInput.addEventListener('input', () => { smoothValue.textContent = Number(smoothInput.value).toFixed(2); });
  smoothInput.addEventListener('change', () => { options.smooth = Number(smoothInput.value); saveOptions(); rebuildCharts(); });
  logBox.addEventListener('change', () => { options.logY = logBox.checked; saveOptions(); rebuildCharts(); });
  bandBox.addEventListener('change', () => { options.band = bandBox.checked; saveOptions(); rebuildCharts(); });

  const legendValues = new Map();
  const legend = h('div', { class: 'legend', id: 'legend' }, runs.map((run, i) => {
    const value = h('span', { class: 'legend-value mono' });
    legendValues.set(run.run_id, value);
    return h('div', { class: 'legend-item', dataset: { runId: run.run_id } },
      h('span', { class: 'swatch', style: `background:${colors[i]}` }),
      h('a', { href: hrefFor(['runs', run.run_id]), text: chartRuns[i].label }), statusPill(run.status), value);
  }));
  const legendStep = h('span', { class: 'muted small legend-step' });

  const chartGrid = h('div', { class: 'chart-grid', id: 'compare-charts' });
  const diffBox = h('div', { id: 'diff-box' });
  const parallelCanvas = h('canvas', { id: 'parallel-canvas', class: 'plot-canvas' });
  const scatterCanvas = h('canvas', { id: 'scatter-canvas', class: 'plot-canvas' });
  const parallelPicker = h('div', { class: 'dim-picker' });
  const scatterControls = h('div', { class: 'section-tools' });

  main.append(
    h('div', { class: 'page-header' }, h('div', {}, h('h1', { text: `Compare ${runs.length} run${runs.length === 1 ? '' : 's'}` })),
      h('div', { class: 'header-actions' },
        h('div', { class: 'controls' },
          h('label', { class: 'inline-label' }, 'X axis ', xSelect),
          h('label', { class: 'inline-label' }, 'Smoothing ', smoothInput, smoothValue),
          h('label', { class: 'inline-label' }, logBox, ' Log y'),
          h('label', { class: 'inline-label' }, bandBox, ' Min/max band')),
        shareButton(() => runs.map((run) => run.run_id)))),
    h('div', { class: 'legend-bar card' }, legend, legendStep),
    valueKeys.length ? h('section', { class: 'card section', id: 'metric-values' }, h('h2', { text: 'Values' }), valueTable()) : null,
    h('section', { class: 'section' }, chartGrid),
    h('section', { class: 'card section' }, h('h2', { text: 'Config diff' }), diffBox),
    h('div', { class: 'two-col' },
      h('section', { class: 'card section' }, h('h2', { text: 'Parallel coordinates' }), parallelPicker, parallelCanvas),
      h('section', { class: 'card section' }, h('h2', { text: 'Scatter' }), scatterControls, scatterCanvas)));

  function saveOptions() {
    patchQuery({ x: options.x === 'step' ? null : options.x, smooth: options.smooth ? options.smooth : null,
      log: options.logY ? '1' : null, band: options.band ? null : '0' });
  }

  function onHover(idx, u) {
    if (idx == null) { legendValues.forEach((el) => { el.textContent = ''; }); legendStep.textContent = ''; return; }
    const stride = options.band ? 3 : 1;
    runs.forEach((run, i) => {
      const value = u.data[1 + i * stride] ? u.data[1 + i * stride][idx] : null;
      legendValues.get(run.run_id).textContent = value == null ? '' : formatNumber(value);
    });
    const x = u.data[0][idx];
    legendStep.textContent = options.x === 'wall' ? new Date(x * 1000).toLocaleString() : `${options.x === 'step' ? 'step' : 's'} ${formatNumber(x)}`;
  }

  /** Metrics logged once: one row per metric, one column per run. */
  function valueTable() {
    const head = h('tr', {}, h('th', { text: 'Metric' }), runs.map((run, i) =>
      h('th', { class: 'num' }, h('span', { class: 'swatch', style: `background:${colors[i]}` }), ' ', chartRuns[i].label)));
    const rows = valueKeys.map((key) => {
      const values = runs.map((run) => ((run.metrics || {})[key] || {}).last);
      return h('tr', { dataset: { metric: key } }, h('td', { class: 'mono', text: key }), values.map((value) =>
        h('td', { class: 'num mono', text: value == null ? '—' : formatNumber(value) })));
    });
    return h('div', { class: 'table-scroll-x' }, h('table', { class: 'table values-table' }, h('thead', {}, head), h('tbody', {}, rows)));
  }

  // Charts
  async function fetchEnvelopes(key, range = {}) {
    const response = await api.queryMetrics(runIds, [key], { buckets, ...range });
    return new Map(response.series.map((envelope) => [envelope.run_id, envelope]));
  }

  function addChart(key, envelopes) {
    const chart = metricChart(chartGrid, key, chartRuns, envelopes, { ...options, sync: 'compare', height: 220, onHover,
      onZoom: async (from, to) => {
        zoomed.add(key);
        try { chart.update(await fetchEnvelopes(key, { fromStep: from, toStep: to }), true); } catch (e) { chart.card.append(errorBox(e)); }
      },
      onReset: async () => { zoomed.delete(key); chart.update(await fetchEnvelopes(key), false); },
    });
    charts.set(key, chart);
    chart.envelopes = envelopes;
  }

  async function loadCharts() {
    if (!keys.length) {
      if (!valueKeys.length) chartGrid.append(h('div', { class: 'card empty muted', text: 'These runs have no metrics.' }));
      return;
    }
    const queue = [...keys];
    const placeholders = new Map(keys.map((key) => {
      const box = h('div', { class: 'chart-card placeholder' }, h('div', { class: 'chart-head' }, h('span', { class: 'chart-title', text: key })), h('div', { class: 'chart-loading', text: 'Loading…' }));
      chartGrid.append(box);
      return [key, box];
    }));
    async function worker() {
      while (queue.length && !disposed) {
        const key = queue.shift();
        try {
          const envelopes = await fetchEnvelopes(key);
          if (disposed) return;
          const placeholder = placeholders.get(key);
          addChart(key, envelopes);
          placeholder.replaceWith(charts.get(key).card);
        } catch (e) {
          placeholders.get(key).append(errorBox(e));
        }
      }
    }
    await Promise.all(Array.from({ length: PARALLEL_FETCHES }, worker));
  }

  function rebuildCharts() {
    charts.forEach((chart) => chart.rebuild({ ...options }));
  }

  // Config diff, parallel coordinates, scatter
  function renderDiff() {
    diffBox.replaceChildren(configDiff(runs, colors, onlyDifferences, (value) => {
      onlyDifferences = value;
      patchQuery({ diff: value ? null : 'all' });
      renderDiff();
    }));
  }

  const paramKeys = [...new Set(runs.flatMap((run) => Object.keys(run.params || {})))].sort();
  const summaryKeys = allKeys.filter((key) => !key.startsWith('system/'));
  const dimensions = [
    ...paramKeys.map((key) => ({ id: `p:${key}`, label: key, value: (run) => (run.params || {})[key] })),
    ...summaryKeys.map((key) => ({ id: `m:${key}`, label: `${key} (last)`, value: (run) => ((run.metrics || {})[key] || {}).last })),
  ];
  const varying = (dim) => new Set(runs.map((run) => String(dim.value(run)))).size > 1;
  let chosenDims = query.has('pc') ? listParam(query, 'pc') : [
    ...dimensions.filter((d) => d.id.startsWith('p:') && varying(d)).slice(0, 5).map((d) => d.id),
    ...dimensions.filter((d) => d.id.startsWith('m:')).slice(0, 2).map((d) => d.id),
  ];
  let scatterX = query.get('sx') || (dimensions.find((d) => d.id.startsWith('p:') && varying(d)) || dimensions[0] || {}).id;
  let scatterY = query.get('sy') || (summaryKeys[0] ? `${summaryKeys[0]}:last` : '');

  function renderParallel() {
    const dims = chosenDims.map((id) => dimensions.find((d) => d.id === id)).filter(Boolean);
    const items = runs.map((run, i) => ({ color: colors[i], run }));
    drawParallel(parallelCanvas, items, dims.map((d) => ({ label: d.label, value: (item) => d.value(item.run) })),
      Math.max(320, parallelCanvas.parentElement.clientWidth - 32));
  }

  function renderParallelPicker() {
    const details = h('details', { class: 'column-picker' }, h('summary', { class: 'btn btn-small', text: `Axes (${chosenDims.length})` }),
      h('div', { class: 'picker-panel' }, h('div', { class: 'picker-body' }, dimensions.map((dim) => h('label', { class: 'picker-item' },
        h('input', { type: 'checkbox', checked: chosenDims.includes(dim.id), onchange: (event) => {
          chosenDims = event.target.checked ? dimensions.map((d) => d.id).filter((id) => id === dim.id || chosenDims.includes(id)) : chosenDims.filter((id) => id !== dim.id);
          patchQuery({ pc: chosenDims });
          details.querySelector('summary').textContent = `Axes (${chosenDims.length})`;
          renderParallel();
        } }), ` ${dim.label}`)))));
    parallelPicker.replaceChildren(details);
  }

  function renderScatter() {
    const xDim = dimensions.find((d) => d.id === scatterX);
    const [yKey, stat = 'last'] = splitMetricStat(scatterY);
    const points = runs.map((run, i) => ({ color: colors[i], x: xDim ? xDim.value(run) : null, y: ((run.metrics || {})[yKey] || {})[stat] }));
    drawScatter(scatterCanvas, points, xDim ? xDim.label : '', yKey ? `${yKey} (${stat})` : '', Math.max(320, scatterCanvas.parentElement.clientWidth - 32));
  }

  function renderScatterControls() {
    const xSel = h('select', { 'aria-label': 'Scatter x', id: 'scatter-x' }, dimensions.filter((d) => d.id.startsWith('p:')).map((d) =>
      h('option', { value: d.id, selected: d.id === scatterX, text: d.label })));
    const ySel = h('select', { 'aria-label': 'Scatter y', id: 'scatter-y' }, summaryKeys.flatMap((key) => ['last', 'min', 'max'].map((stat) =>
      h('option', { value: `${key}:${stat}`, selected: `${key}:${stat}` === scatterY, text: `${key} (${stat})` }))));
    xSel.addEventListener('change', () => { scatterX = xSel.value; patchQuery({ sx: scatterX }); renderScatter(); });
    ySel.addEventListener('change', () => { scatterY = ySel.value; patchQuery({ sy: scatterY }); renderScatter(); });
    scatterControls.replaceChildren(h('label', { class: 'inline-label' }, 'x ', xSel), h('label', { class: 'inline-label' }, 'y ', ySel));
  }

  // Live: while any run is RUNNING, re-read summaries and every chart that is not zoomed in.
  async function poll() {
    if (disposed) return;
    try {
      runs = await api.getRuns(runIds);
      for (const [key, chart] of charts) {
        if (!zoomed.has(key)) chart.update(await fetchEnvelopes(key), false);
      }
      renderParallel();
      renderScatter();
    } catch (e) { /* retried on the next tick */ }
    if (!disposed && runs.some((run) => run.status === 'RUNNING')) timer = setTimeout(poll, LIVE_POLL_MS);
  }

  renderDiff();
  renderParallelPicker();
  renderScatterControls();
  await loadCharts();
  chartGrid.dataset.state = 'ready';
  renderParallel();
  renderScatter();
  const onResize = () => { renderParallel(); renderScatter(); };
  window.addEventListener('resize', onResize);
  if (runs.some((run) => run.status === 'RUNNING')) timer = setTimeout(poll, LIVE_POLL_MS);
  return () => { disposed = true; clearTimeout(timer); window.removeEventListener('resize', onResize); charts.forEach((c) => c.destroy()); };
}

function splitMetricStat(value) {
  const i = (value || '').lastIndexOf(':');
  return i < 0 ? [value, 'last'] : [value.slice(0, i), value.slice(i + 1)];
}
