// Compare runs: an overlay chart per metric with one shared legend, x-axis / smoothing / log-y / band
// options, zoom that re-asks the server, a values table for metrics logged once, a config diff, parallel
// coordinates and a param-vs-metric scatter. Every option lives in the URL hash.
import { api } from './api.js';
import { shareButton } from './share.js';
import { h, errorBox, formatNumber } from './format.js';
import { hrefFor, patchQuery, listParam } from './state.js';
import { metricChart } from './chart.js';
import { chartOptions, chartControls } from './chart-controls.js';
import { distinctRunColors, setRunColor, onRunColorsChange } from './run-colors.js';
import { compareLegend } from './compare-legend.js';
import { comparePlots } from './compare-plots.js';
import { configDiff } from './config-diff.js';
import { groupingOf, groupControls } from './grouping/group-controls.js';

const LIVE_POLL_MS = 1000;
const PARALLEL_FETCHES = 4;

/** Fewer buckets per run as runs are added, so one chart stays near 20,000 drawn points. */
export const bucketsFor = (runCount) => Math.max(100, Math.min(1000, Math.round(20000 / Math.max(1, runCount))));

export async function render(main, parts, query) {
  const runIds = listParam(query, 'runs');
  const experimentId = query.get('exp');
  const options = chartOptions(query);
  let onlyDifferences = query.get('diff') !== 'all';
  // Grouped runs, or a metric as x: drawn from the server's group statistics / x-metric envelopes instead.
  // Only those pages fetch that code, while the runs are read.
  const grouping = groupingOf(query);
  const byGroups = () => grouping.groupBy.length > 0 || options.x.startsWith('metric:');
  const groupedModule = byGroups() ? import('./grouping/grouped-charts.js') : null;
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
  const state = { runs, colors: distinctRunColors(runIds) };
  const labels = new Map(runs.map((run) => [run.run_id, run.name || run.run_id.slice(0, 8)]));
  const chartRuns = () => runs.map((run) => ({ runId: run.run_id, label: labels.get(run.run_id), color: state.colors.get(run.run_id), startMs: run.start_time_ms }));
  const allKeys = [...new Set(runs.flatMap((run) => Object.keys(run.metrics || {})))]
    .sort((a, b) => (a.startsWith('system/') - b.startsWith('system/')) || a.localeCompare(b));
  // Metrics every run logged at most once (final scores) compare better side by side than as lone dots.
  const loggedOnce = (key) => runs.every((run) => !(run.metrics || {})[key] || run.metrics[key].count <= 1);
  const valueKeys = allKeys.filter(loggedOnce);
  const keys = allKeys.filter((key) => !loggedOnce(key));
  const buckets = bucketsFor(runs.length);
  const charts = new Map();
  let disposed = false;
  let timer = null;
  document.title = `Compare ${runs.length} runs · Sextant`;

  const legend = compareLegend(runs, labels, state.colors, {
    onColor: (runId, color) => setRunColor(runId, color),
    onHighlight: (runId) => charts.forEach((chart) => chart.highlight(runId)),
  });
  const chartGrid = h('div', { class: 'chart-grid', id: 'compare-charts' });
  const diffBox = h('div', { id: 'diff-box' });
  const plots = comparePlots(state, allKeys, query);
  let grouped = null;

  main.append(
    h('div', { class: 'page-header' }, h('div', {}, h('h1', { text: `Compare ${runs.length} run${runs.length === 1 ? '' : 's'}` })),
      h('div', { class: 'header-actions' },
        chartControls(options, (name) => rebuildCharts(name), { xMetrics: allKeys }),
        groupControls(runs, grouping),
        shareButton(() => runs.map((run) => run.run_id)))),
    legend.element,
    ...(valueKeys.length ? [h('section', { class: 'card section', id: 'metric-values' }, h('h2', { text: 'Values' }), valueTable())] : []),
    h('section', { class: 'section' }, chartGrid),
    h('section', { class: 'card section' }, h('h2', { text: 'Config diff' }), diffBox),
    plots.element);

  /** Metrics logged once: one row per metric, one column per run. */
  function valueTable() {
    const head = h('tr', {}, h('th', { text: 'Metric' }), runs.map((run) =>
      h('th', { class: 'num' }, h('span', { class: 'swatch', style: `background:${state.colors.get(run.run_id)}` }), ' ', labels.get(run.run_id))));
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
    const chart = metricChart(chartGrid, key, chartRuns(), envelopes, { ...options, sync: 'compare', height: 220,
      onHover: (info) => legend.showHover(info),
      onZoom: async (from, to) => {
        try { chart.update(await fetchEnvelopes(key, { fromStep: from, toStep: to }), true); } catch (e) { chart.card.append(errorBox(e)); }
      },
      onReset: async () => {
        try { chart.update(await fetchEnvelopes(key), false); } catch (e) { chart.card.append(errorBox(e)); }
      },
    });
    charts.set(key, chart);
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

  async function rebuildCharts(changed) {
    if (byGroups() || (changed === 'x' && charts.size === 0)) { window.dispatchEvent(new HashChangeEvent('hashchange')); return; }
    charts.forEach((chart) => chart.rebuild({ ...options }));
    // A zoom is a step range: on another x axis it means nothing, so those charts show whole runs again.
    if (changed === 'x') {
      for (const [key, chart] of charts) if (chart.zoomed) chart.update(await fetchEnvelopes(key), false);
    }
  }

  function renderDiff() {
    diffBox.replaceChildren(configDiff(runs, runs.map((run) => state.colors.get(run.run_id)), onlyDifferences, (value) => {
      onlyDifferences = value;
      patchQuery({ diff: value ? null : 'all' });
      renderDiff();
    }));
  }

  // A colour picked here (or on another page or tab) repaints everything that shows the run.
  const stopColors = onRunColorsChange(() => {
    state.colors = distinctRunColors(runIds);
    legend.setColors(state.colors);
    charts.forEach((chart) => chart.recolor(state.colors));
    main.querySelectorAll('#metric-values thead .swatch').forEach((swatch, i) => { swatch.style.background = state.colors.get(runs[i].run_id); });
    renderDiff();
    plots.draw();
  });

  // Live: while any run is RUNNING, re-read summaries and every chart that is not zoomed in.
  async function poll() {
    if (disposed) return;
    try {
      runs = await api.getRuns(runIds);
      state.runs = runs;
      for (const [key, chart] of charts) {
        if (!chart.zoomed) chart.update(await fetchEnvelopes(key), false);
      }
      plots.draw();
    } catch (e) { /* retried on the next tick */ }
    if (!disposed && runs.some((run) => run.status === 'RUNNING')) timer = setTimeout(poll, LIVE_POLL_MS);
  }

  renderDiff();
  if (groupedModule) {
    const { groupedCharts } = await groupedModule;
    grouped = await groupedCharts(chartGrid, chartRuns(), keys, options, grouping, buckets);
  } else {
    await loadCharts();
  }
  chartGrid.dataset.state = 'ready';
  plots.draw();
  const onResize = () => plots.draw();
  window.addEventListener('resize', onResize);
  if (runs.some((run) => run.status === 'RUNNING')) timer = setTimeout(poll, LIVE_POLL_MS);
  return () => {
    disposed = true;
    clearTimeout(timer);
    stopColors();
    window.removeEventListener('resize', onResize);
    charts.forEach((c) => c.destroy());
    if (grouped) grouped.destroy();
  };
}
