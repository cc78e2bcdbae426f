// The compare page's summary plots: parallel coordinates over chosen params and final metric values, and a
// scatter of one param against one metric statistic. Axis choices live in the URL (pc, sx, sy).
import { h } from './format.js';
import { patchQuery, listParam } from './state.js';
import { drawParallel, drawScatter } from './plots.js';
import { primaryMetric } from './metric-roles.js';

/** state: {runs, colors: Map runId → colour} read at each draw; metricKeys: every metric, system ones too. */
export function comparePlots(state, metricKeys, query) {
  const runs = () => state.runs;
  const parallelCanvas = h('canvas', { id: 'parallel-canvas', class: 'plot-canvas' });
  const scatterCanvas = h('canvas', { id: 'scatter-canvas', class: 'plot-canvas' });
  const parallelPicker = h('div', { class: 'dim-picker' });
  const scatterControls = h('div', { class: 'section-tools' });

  const paramKeys = [...new Set(runs().flatMap((run) => Object.keys(run.params || {})))].sort();
  const summaryKeys = metricKeys.filter((key) => !key.startsWith('system/'));
  const dimensions = [
    ...paramKeys.map((key) => ({ id: `p:${key}`, label: key, value: (run) => (run.params || {})[key] })),
    ...summaryKeys.map((key) => ({ id: `m:${key}`, label: `${key} (last)`, value: (run) => ((run.metrics || {})[key] || {}).last })),
  ];
  const varying = (dim) => new Set(runs().map((run) => String(dim.value(run)))).size > 1;
  const numeric = (dim) => runs().every((run) => { const v = dim.value(run); return v == null || v === '' || Number.isFinite(Number(v)); });
  // By default: the params that vary (what the sweep changed) against the metric it is judged by.
  const varyingParams = dimensions.filter((d) => d.id.startsWith('p:') && varying(d));
  const primary = primaryMetric(summaryKeys);
  let chosenDims = query.has('pc') ? listParam(query, 'pc')
    : [...varyingParams.slice(0, 8).map((d) => d.id), ...(primary ? [`m:${primary}`] : [])];
  // The scatter's x: the numeric param the sweep tried the most values of (the one it swept), A to Z on ties,
  // counted over the runs that have the y metric: runs of other experiments with other params must not pick an
  // x that no run with a y has (an empty scatter).
  const withY = runs().filter((run) => !primary || (run.metrics || {})[primary]);
  const present = (v) => v != null && v !== '';
  const distinct = (dim) => new Set(withY.map((run) => dim.value(run)).filter(present).map(String)).size;
  const swept = varyingParams.filter(numeric).sort((a, b) => distinct(b) - distinct(a))[0];
  let scatterX = query.get('sx') || (swept || varyingParams[0] || dimensions.find((d) => d.id.startsWith('p:')) || {}).id;
  let scatterY = query.get('sy') || (primary || summaryKeys[0] ? `${primary || summaryKeys[0]}:last` : '');

  function drawParallelPlot() {
    const dims = chosenDims.map((id) => dimensions.find((d) => d.id === id)).filter(Boolean);
    const items = runs().map((run) => ({ color: state.colors.get(run.run_id), run }));
    drawParallel(parallelCanvas, items, dims.map((d) => ({ label: d.label, value: (item) => d.value(item.run) })),
      Math.max(320, parallelCanvas.parentElement.clientWidth - 32));
  }

  function drawScatterPlot() {
    const xDim = dimensions.find((d) => d.id === scatterX);
    const [yKey, stat = 'last'] = splitMetricStat(scatterY);
    const points = runs().map((run) => ({ color: state.colors.get(run.run_id), x: xDim ? xDim.value(run) : null, y: ((run.metrics || {})[yKey] || {})[stat] }));
    drawScatter(scatterCanvas, points, xDim ? xDim.label : '', yKey ? `${yKey} (${stat})` : '', Math.max(320, scatterCanvas.parentElement.clientWidth - 32));
  }

  function renderParallelPicker() {
    const details = h('details', { class: 'column-picker' }, h('summary', { class: 'btn btn-small', text: `Axes (${chosenDims.length})` }),
      h('div', { class: 'picker-panel' }, h('div', { class: 'picker-body' }, dimensions.map((dim) => h('label', { class: 'picker-item' },
        h('input', { type: 'checkbox', checked: chosenDims.includes(dim.id), onchange: (event) => {
          chosenDims = event.target.checked ? dimensions.map((d) => d.id).filter((id) => id === dim.id || chosenDims.includes(id)) : chosenDims.filter((id) => id !== dim.id);
          patchQuery({ pc: chosenDims });
          details.querySelector('summary').textContent = `Axes (${chosenDims.length})`;
          drawParallelPlot();
        } }), ` ${dim.label}`)))));
    parallelPicker.replaceChildren(details);
  }

  function renderScatterControls() {
    const xSel = h('select', { 'aria-label': 'Scatter x', id: 'scatter-x' }, dimensions.filter((d) => d.id.startsWith('p:')).map((d) =>
      h('option', { value: d.id, selected: d.id === scatterX, text: d.label })));
    const ySel = h('select', { 'aria-label': 'Scatter y', id: 'scatter-y' }, summaryKeys.flatMap((key) => ['last', 'min', 'max'].map((stat) =>
      h('option', { value: `${key}:${stat}`, selected: `${key}:${stat}` === scatterY, text: `${key} (${stat})` }))));
    xSel.addEventListener('change', () => { scatterX = xSel.value; patchQuery({ sx: scatterX }); drawScatterPlot(); });
    ySel.addEventListener('change', () => { scatterY = ySel.value; patchQuery({ sy: scatterY }); drawScatterPlot(); });
    scatterControls.replaceChildren(h('label', { class: 'inline-label' }, 'x ', xSel), h('label', { class: 'inline-label' }, 'y ', ySel));
  }

  renderParallelPicker();
  renderScatterControls();
  const element = h('div', { class: 'two-col' },
    h('section', { class: 'card section' }, h('h2', { text: 'Parallel coordinates' }), parallelPicker, parallelCanvas),
    h('section', { class: 'card section' }, h('h2', { text: 'Scatter' }), scatterControls, scatterCanvas));
  return { element, draw: () => { drawParallelPlot(); drawScatterPlot(); } };
}

function splitMetricStat(value) {
  const i = (value || '').lastIndexOf(':');
  return i < 0 ? [value, 'last'] : [value.slice(0, i), value.slice(i + 1)];
}
