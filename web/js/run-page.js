// One run: status and times, editable name, tags and notes, config, a chart per metric (system metrics in
// their own group), artifacts. A RUNNING run refreshes its charts every LIVE_POLL_MS.
import { api } from './api.js';
import { h, errorBox, formatTime, formatDuration, formatNumber, statusPill, setChildren } from './format.js';
import { hrefFor } from './state.js';
import { metricChart } from './chart.js';
import { chartOptions, chartControls } from './chart-controls.js';
import { runColor, onRunColorsChange } from './run-colors.js';
import { configView } from './config-view.js';
import { artifactBrowser } from './artifacts.js';
import { durationMs } from './run-columns.js';
import { shareButton } from './share.js';
import { runModelsSection } from './models.js';
import { notesBox, MLFLOW_NOTE } from './notes.js';

const LIVE_POLL_MS = 1000;
const BUCKETS = 1000;

export async function render(main, parts, query) {
  const runId = parts[1];
  let run;
  try {
    run = await api.getRun(runId);
  } catch (e) {
    main.append(h('nav', { class: 'crumbs' }, h('a', { href: '#/', text: 'Experiments' })), errorBox(e));
    return null;
  }
  const options = { ...chartOptions(query), height: 200 };
  const charts = new Map();
  let disposed = false;
  let timer = null;
  document.title = `${run.name} · Sextant`;

  const experimentLink = h('a', { href: hrefFor(['experiments', run.experiment_id]), text: 'Runs' });
  const header = h('div', { class: 'page-header' });
  const facts = h('dl', { class: 'facts' });
  const share = shareButton(() => [runId]); // made once: the header is redrawn on every live refresh
  const tagsBox = h('div', { class: 'tags-editor', id: 'tags-editor' });
  const metricsBox = h('div', { class: 'chart-grid', id: 'metric-charts' });
  const valuesBox = h('dl', { class: 'metric-values', id: 'metric-values', hidden: true });
  const systemBox = h('div', { class: 'chart-grid small-charts', id: 'system-charts' });
  const systemSection = h('section', { class: 'card section', hidden: true }, h('h2', { text: 'System' }), systemBox);
  const controls = chartControls(options, async (changed) => {
    const { x, smooth, logY, band } = options;
    charts.forEach((chart) => chart.rebuild({ x, smooth, logY, band }));
    // A zoom is a step range: on another x axis it means nothing, so zoomed charts show the whole run again.
    if (changed === 'x' && [...charts.values()].some((chart) => chart.zoomed)) await refreshCharts(true);
  });

  main.append(
    h('nav', { class: 'crumbs' }, h('a', { href: '#/', text: 'Experiments' }), h('span', { text: '/' }), experimentLink, h('span', { text: '/' })),
    header,
    h('div', { class: 'run-layout' },
      h('div', { class: 'run-main' },
        h('section', { class: 'card section' }, h('div', { class: 'section-head' }, h('h2', { text: 'Metrics' }), controls),
          valuesBox, metricsBox),
        systemSection,
        h('section', { class: 'card section' }, h('h2', { text: 'Artifacts' }), artifactBrowser(runId))),
      h('aside', { class: 'run-side' },
        h('section', { class: 'card section' }, h('h2', { text: 'Overview' }), facts),
        h('section', { class: 'card section' }, h('h2', { text: 'Tags' }), tagsBox),
        h('section', { class: 'card section' }, h('h2', { text: 'Notes' }), notesBox(() => run, (next) => { run = next; renderTags(); })),
        (run.inputs || []).length ? h('section', { class: 'card section', id: 'datasets' }, h('h2', { text: 'Datasets' }), datasetList(run.inputs)) : null,
        runModelsSection(runId),
        h('section', { class: 'card section' }, h('h2', { text: 'Config' }), configView(run.config, run.params)))));

  api.getExperiment(run.experiment_id).then((e) => { experimentLink.textContent = e.name; }).catch(() => {});

  // What the header shows; a live tick rebuilds it only when this changed, and never under a name being typed,
  // so a click on its buttons or an edit of the name is not lost to the next refresh.
  let headerShown = null;
  function renderHeader() {
    renderFacts();
    const shown = JSON.stringify([run.name, run.status, run.lifecycle_stage, run.experiment_id]);
    const typing = document.activeElement && document.activeElement.id === 'run-name' && header.contains(document.activeElement);
    if (shown === headerShown || typing) return;
    headerShown = shown;
    const nameInput = h('input', { class: 'title-input', value: run.name || '', 'aria-label': 'Run name', id: 'run-name',
      size: String(Math.max(12, (run.name || '').length + 1)) }); // the whole name, not a fixed width
    nameInput.addEventListener('keydown', (event) => { if (event.key === 'Enter') nameInput.blur(); });
    nameInput.addEventListener('change', async () => {
      try { run = await api.updateRun(runId, { name: nameInput.value.trim() }); document.title = `${run.name} · Sextant`; } catch (e) { header.append(errorBox(e)); }
    });
    const deleted = run.lifecycle_stage === 'deleted'
      ? h('span', { class: 'pill pill-deleted', id: 'run-deleted', text: 'DELETED' }) : null;
    setChildren(header, h('div', { class: 'title-row' }, nameInput, statusPill(run.status), deleted, run.status === 'RUNNING' ? h('span', { class: 'live-dot', title: 'Live: refreshing', text: 'live' }) : null),
      h('div', { class: 'header-actions' }, deleted ? h('button', { class: 'btn', id: 'restore-run', text: 'Restore', onclick: async () => {
        try { run = await api.restoreRun(runId); renderHeader(); } catch (e) { header.append(errorBox(e)); }
      } }) : null, share,
        h('a', { class: 'btn', href: hrefFor(['compare'], { runs: [runId], exp: run.experiment_id }), text: 'Open in compare' })));
  }

  function renderFacts() {
    facts.replaceChildren(...[
      ['Run ID', h('code', { text: run.run_id })],
      ['Status', statusPill(run.status)],
      ['Started', formatTime(run.start_time_ms)],
      ['Ended', run.end_time_ms ? formatTime(run.end_time_ms) : '—'],
      ['Duration', formatDuration(durationMs(run))],
      ['User', run.user || '—'],
      run.parent_run_id ? ['Parent', h('a', { href: hrefFor(['runs', run.parent_run_id]), text: run.parent_run_id.slice(0, 8) })] : null,
    ].filter(Boolean).flatMap(([label, value]) => [h('dt', { text: label }), h('dd', {}, value)]));
  }

  function renderTags() {
    const message = h('div', { class: 'inline-message' });
    const entries = Object.entries(run.tags || {});
    // MLflow's own tags (source, user, model history, ...) are bookkeeping: listed apart, folded.
    // The note is shown as the run's notes.
    const system = entries.filter(([key]) => key.startsWith('mlflow.') && key !== MLFLOW_NOTE);
    const chips = entries.filter(([key]) => !key.startsWith('mlflow.')).map(([key, value]) => h('span', { class: 'chip chip-edit', dataset: { tag: key } },
      h('span', { class: 'chip-text', title: value ? `${key}=${value}` : key, text: value ? `${key}=${value}` : key }),
      h('button', { class: 'chip-x', 'aria-label': `Remove tag ${key}`, text: '×', onclick: async () => {
        try { await api.deleteRunTag(runId, key); run = await api.getRun(runId); renderTags(); } catch (e) { message.replaceChildren(errorBox(e)); }
      } })));
    const keyInput = h('input', { placeholder: 'key', 'aria-label': 'Tag key', id: 'tag-key', class: 'small-input' });
    const valueInput = h('input', { placeholder: 'value', 'aria-label': 'Tag value', id: 'tag-value', class: 'small-input' });
    const form = h('form', { class: 'tag-form', onsubmit: async (event) => {
      event.preventDefault();
      if (!keyInput.value.trim()) return;
      try {
        run = await api.setRunTags(runId, { [keyInput.value.trim()]: valueInput.value });
        renderTags();
      } catch (e) { message.replaceChildren(errorBox(e)); }
    } }, keyInput, valueInput, h('button', { class: 'btn btn-small', type: 'submit', text: 'Add' }));
    const systemList = system.length ? h('details', { class: 'system-tags', id: 'system-tags' },
      h('summary', { text: `${system.length} MLflow tag${system.length === 1 ? '' : 's'}` }),
      h('dl', {}, system.flatMap(([key, value]) => [h('dt', { text: key }), h('dd', { title: value, text: value })]))) : null;
    setChildren(tagsBox, h('div', { class: 'chips' }, chips.length ? chips : h('span', { class: 'muted small', text: 'No tags.' })), form, message, systemList);
  }

  /** Draws a chart per metric logged more than once; existing charts get new data unless zoomed (or `all`). */
  async function refreshCharts(all = false) {
    const every = Object.keys(run.metrics || {}).sort();
    // A metric logged once (a final score, most of what sklearn autolog logs) is a value, not a chart.
    const keys = every.filter((key) => run.metrics[key].count > 1 || charts.has(key));
    const singles = every.filter((key) => !keys.includes(key));
    valuesBox.hidden = !singles.length;
    valuesBox.replaceChildren(...singles.map((key) => h('div', { class: 'metric-value', dataset: { metric: key } },
      h('dt', { title: key, text: key }),
      h('dd', { title: `step ${run.metrics[key].last_step}` }, formatNumber(run.metrics[key].last)))));
    if (!every.length) {
      metricsBox.replaceChildren(h('div', { class: 'empty muted', text: 'No metrics logged yet.' }));
      return;
    }
    if (!keys.length) {
      metricsBox.replaceChildren();
      return;
    }
    let response;
    try {
      response = await api.queryMetrics([runId], keys, { buckets: BUCKETS });
    } catch (e) {
      metricsBox.replaceChildren(errorBox(e));
      return;
    }
    if (disposed) return;
    if (metricsBox.querySelector('.empty')) metricsBox.replaceChildren();
    for (const envelope of response.series) {
      const key = envelope.key;
      const system = key.startsWith('system/');
      const envelopes = new Map([[runId, envelope]]);
      const existing = charts.get(key);
      if (existing) {
        if (all || !existing.zoomed) existing.update(envelopes, false);
        continue;
      }
      const box = system ? systemBox : metricsBox;
      if (system) systemSection.hidden = false;
      const chart = metricChart(box, key, chartRuns(), envelopes, { ...options, height: system ? 150 : 200,
        onZoom: async (from, to) => {
          try {
            const finer = await api.metricEnvelope(runId, key, { buckets: BUCKETS, fromStep: from, toStep: to });
            chart.update(new Map([[runId, finer]]), true);
          } catch (e) { chart.card.append(errorBox(e)); }
        },
        onReset: async () => {
          try { chart.update(new Map([[runId, await api.metricEnvelope(runId, key, { buckets: BUCKETS })]]), false); } catch (e) { chart.card.append(errorBox(e)); }
        },
      });
      charts.set(key, chart);
    }
  }

  async function poll() {
    if (disposed) return;
    try {
      run = await api.getRun(runId);
      renderHeader();
      await refreshCharts();
    } catch (e) { /* a failed tick is retried on the next one */ }
    if (run.status === 'RUNNING' && !disposed) timer = setTimeout(poll, LIVE_POLL_MS);
  }

  const chartRuns = () => [{ runId, label: run.name, color: runColor(runId), startMs: run.start_time_ms }];
  const stopColors = onRunColorsChange(() => charts.forEach((chart) => chart.recolor(new Map([[runId, runColor(runId)]]))));

  renderHeader();
  renderTags();
  await refreshCharts();
  if (run.status === 'RUNNING') timer = setTimeout(poll, LIVE_POLL_MS);
  return () => { disposed = true; clearTimeout(timer); stopColors(); charts.forEach((chart) => chart.destroy()); };
}

/** The datasets the run read (MLflow's log_input): name, context, digest, and the source on hover. */
function datasetList(inputs) {
  return h('dl', { class: 'facts datasets' }, inputs.flatMap((input) => [
    h('dt', { text: input.tags['mlflow.data.context'] || 'input' }),
    h('dd', { title: `${input.dataset.source_type}: ${input.dataset.source}` },
      h('strong', { text: input.dataset.name }), ' ', h('code', { class: 'muted', text: input.dataset.digest }))]));
}
