// Chart panels on the experiment page: charts of the runs shown (the selection, or the first rows of the table),
// auto-created per metric section (train/, val/, system/, the rest) until someone arranges them; "Add chart" takes
// one or more metrics, the x axis (step, time or any metric), smoothing, log y, group-by with a band kind, and a
// y range or "ignore outliers". Panels can be moved and removed. They live in the URL (panels=JSON), so a saved
// view keeps them.
import { api } from './api.js';
import { h, errorBox } from './format.js';
import { patchQuery } from './state.js';
import { groupableKeys, groupingOf } from './grouping/group-controls.js';
import { BANDS } from './grouping/band.js';
import { distinctRunColors } from './run-colors.js';

const MAX_RUNS = 20; // lines of single runs in one panel
const MAX_GROUPED_RUNS = 1000; // runs a grouped panel aggregates (the groups API's limit)
const MAX_AUTO = 8;
const BUCKETS = 500;
const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function sectionOf(key) {
  const slash = key.indexOf('/');
  return slash < 0 ? 'other' : key.slice(0, slash);
}

/**
 * One panel per metric, sections in the order train, val, system, the rest. While the table is grouped, they draw
 * its groups (mean and band), as the table's rows do; a panel someone added keeps its own grouping.
 */
export function autoPanels(keys, grouping = { groupBy: [], band: 'ci95' }) {
  const order = (key) => ({ train: 0, val: 1, eval: 1, system: 3 }[sectionOf(key)] ?? 2);
  return [...keys].sort((a, b) => order(a) - order(b) || a.localeCompare(b)).slice(0, MAX_AUTO)
    .map((key) => ({ keys: [key], x: 'step', auto: true, groupBy: grouping.groupBy, band: grouping.band }));
}

function readPanels(query) {
  try {
    const parsed = JSON.parse(query.get('panels') || 'null');
    return Array.isArray(parsed) ? parsed : null;
  } catch (e) {
    return null;
  }
}

function xOfEnvelope(bucket, mode, startMs) {
  if (mode === 'wall') return bucket.last_timestamp_ms / 1000;
  if (mode === 'relative') return (bucket.last_timestamp_ms - startMs) / 1000;
  return (bucket.first_step + bucket.last_step) / 2;
}

// The chart code (uPlot wrappers, ticks, hover) is fetched when a panel is first drawn: the panels start
// closed, and the runs table's first paint should not wait for modules it does not use.
const chartModules = () => Promise.all([import('./grouping/band-chart.js'), import('./grouping/grouped-charts.js')])
  .then(([{ bandChart }, { groupLines, apiX }]) => ({ bandChart, groupLines, apiX }));

async function linesFor(panel, allRuns, { groupLines, apiX }) {
  const grouped = (panel.groupBy || []).length > 0;
  const runs = grouped ? allRuns : allRuns.slice(0, MAX_RUNS);
  const runIds = runs.map((run) => run.run_id);
  // Runs drawn in one chart never share a colour (a hashed colour clashes for half of all 6-run tables).
  const colors = grouped ? null : distinctRunColors(runIds);
  const label = (run) => run.name || run.run_id.slice(0, 8);
  const lines = [];
  const many = panel.keys.length > 1;
  for (const key of panel.keys) {
    const named = (line) => (many ? { ...line, id: `${key} ${line.id}`, label: `${key} · ${line.label}` } : line);
    if ((panel.groupBy || []).length) {
      const response = await api.metricGroups({ run_ids: runIds, group_by: panel.groupBy, key, x: apiX(panel.x), buckets: BUCKETS });
      groupLines(response, panel.x, panel.band || 'ci95').forEach((line) => lines.push(named(line)));
    } else if (panel.x.startsWith('metric:')) {
      const withKey = runs.filter((run) => (run.metrics || {})[key] && (run.metrics || {})[panel.x.slice(7)]);
      const envelopes = await Promise.all(withKey.map((run) => api.metricByX(run.run_id, key, panel.x, { buckets: BUCKETS }).catch(() => null)));
      withKey.forEach((run, i) => lines.push(named({ id: run.run_id, label: label(run), color: colors.get(run.run_id),
        rows: ((envelopes[i] || {}).buckets || []).map((b) => ({ x: (b.x_start + b.x_end) / 2, mean: num(b.mean), low: num(b.min), high: num(b.max), n: null, bucket: b })) })));
    } else {
      const response = await api.queryMetrics(runIds, [key], { buckets: BUCKETS });
      const byRun = new Map(response.series.map((envelope) => [envelope.run_id, envelope]));
      runs.filter((run) => byRun.has(run.run_id)).forEach((run) => {
        const buckets = [...byRun.get(run.run_id).buckets].map((b) => ({ ...b, x_start: b.start_step, x_end: b.end_step }));
        const rows = buckets.map((b) => ({ x: xOfEnvelope(b, panel.x, run.start_time_ms), mean: num(b.mean), low: num(b.min), high: num(b.max), n: null, bucket: b }));
        rows.sort((a, b) => a.x - b.x);
        lines.push(named({ id: run.run_id, label: label(run), color: colors.get(run.run_id), rows }));
      });
    }
  }
  return lines;
}

/** The panels area; refresh(runs, selected) redraws it for the runs the table shows. */
export function chartPanels(query) {
  let panels = readPanels(query);
  let runs = [];
  let selected = new Set();
  let charts = [];
  const grid = h('div', { class: 'chart-grid', id: 'panel-charts' });
  const form = h('div', { class: 'panel-form', hidden: true });
  const addButton = h('button', { class: 'btn', id: 'add-chart', text: 'Add chart', onclick: () => { form.hidden = !form.hidden; if (!form.hidden) fillForm(); } });
  const who = h('span', { class: 'muted small', id: 'panel-runs' });
  // Closed until asked for (or the URL has panels), so the table keeps the page unless charts are wanted.
  let open = panels !== null || query.get('charts') === '1';
  const element = h('section', { class: 'card section panels', id: 'panels', hidden: !open },
    h('div', { class: 'controls' }, h('strong', { text: 'Charts' }), who, addButton), form, grid);
  const toggle = h('button', { class: 'btn', id: 'charts-toggle', text: open ? 'Hide charts' : 'Charts', onclick: () => {
    open = !open;
    element.hidden = !open;
    toggle.textContent = open ? 'Hide charts' : 'Charts';
    patchQuery({ charts: open && panels === null ? '1' : null });
    if (open) draw();
  } });

  const keys = () => [...new Set(runs.flatMap((run) => Object.keys(run.metrics || {})))].sort();
  const shown = () => {
    const chosen = runs.filter((run) => selected.has(run.run_id));
    return (chosen.length ? chosen : runs).slice(0, MAX_GROUPED_RUNS);
  };

  function save(next) {
    panels = next;
    patchQuery({ charts: null });
    // An auto panel that becomes a saved one keeps its metric, not the table's grouping of the moment.
    patchQuery({ panels: JSON.stringify(panels.map(({ auto, ...panel }) => (auto ? { keys: panel.keys, x: panel.x } : panel))) });
    draw();
  }

  function fillForm() {
    const metricSelect = h('select', { id: 'panel-metrics', multiple: true, size: 6, 'aria-label': 'Metrics' },
      keys().map((key) => h('option', { value: key, text: key })));
    const xSelect = h('select', { id: 'panel-x', 'aria-label': 'X axis' },
      [['step', 'Step'], ['relative', 'Relative time'], ['wall', 'Wall time'], ...keys().map((key) => [`metric:${key}`, key])]
        .map(([value, text]) => h('option', { value, text })));
    const smooth = h('input', { id: 'panel-smooth', type: 'number', min: '0', max: '0.99', step: '0.05', value: '0', 'aria-label': 'Smoothing' });
    const logY = h('input', { id: 'panel-log', type: 'checkbox' });
    const groupBy = h('select', { id: 'panel-group', 'aria-label': 'Group by' }, h('option', { value: '', text: 'no grouping' }),
      groupableKeys(runs).map((key) => h('option', { value: key, text: key })));
    const band = h('select', { id: 'panel-band', 'aria-label': 'Band' }, Object.entries(BANDS).map(([value, text]) => h('option', { value, text })));
    const yMin = h('input', { id: 'panel-ymin', type: 'number', step: 'any', placeholder: 'y min', 'aria-label': 'y min' });
    const yMax = h('input', { id: 'panel-ymax', type: 'number', step: 'any', placeholder: 'y max', 'aria-label': 'y max' });
    const outliers = h('input', { id: 'panel-outliers', type: 'checkbox' });
    const create = h('button', { class: 'btn btn-primary', id: 'panel-create', text: 'Add', onclick: () => {
      const chosen = [...metricSelect.selectedOptions].map((option) => option.value);
      if (!chosen.length) return;
      const panel = { keys: chosen, x: xSelect.value, smooth: Number(smooth.value) || 0, logY: logY.checked,
        groupBy: groupBy.value ? [groupBy.value] : [], band: band.value, ignoreOutliers: outliers.checked };
      if (yMin.value !== '' || yMax.value !== '') panel.yRange = [yMin.value === '' ? null : Number(yMin.value), yMax.value === '' ? null : Number(yMax.value)];
      form.hidden = true;
      save([...current(), panel]);
    } });
    form.replaceChildren(h('div', { class: 'controls' },
      h('label', { class: 'inline-label' }, 'Metrics ', metricSelect), h('label', { class: 'inline-label' }, 'X ', xSelect),
      h('label', { class: 'inline-label' }, 'Smoothing ', smooth), h('label', { class: 'inline-label' }, logY, ' Log y'),
      h('label', { class: 'inline-label' }, 'Group by ', groupBy), h('label', { class: 'inline-label' }, 'Band ', band),
      h('label', { class: 'inline-label' }, 'y ', yMin, ' – ', yMax), h('label', { class: 'inline-label' }, outliers, ' Ignore outliers'), create));
  }

  const current = () => panels || autoPanels(keys(), groupingOf(query));

  let drawing = 0;
  async function draw() {
    const mine = ++drawing; // a newer draw (options changed while charts loaded) supersedes this one
    charts.forEach((chart) => chart.destroy());
    charts = [];
    grid.replaceChildren();
    const list = current();
    const showing = shown();
    who.textContent = `${selected.size ? 'the selection' : 'the runs in the table'}: ${showing.length} (single-run lines: the first ${MAX_RUNS})`;
    grid.dataset.state = 'loading';
    let modules;
    try {
      modules = await chartModules();
      if (mine !== drawing) return;
    } catch (e) {
      grid.replaceChildren(errorBox(e));
      grid.dataset.state = 'ready';
      return;
    }
    for (const [index, panel] of list.entries()) {
      const slot = h('div', { class: 'panel-slot', dataset: { panel: String(index) } });
      grid.append(slot);
      try {
        const lines = await linesFor(panel, showing, modules);
        const title = panel.keys.join(', ') + (panel.x !== 'step' ? ` vs ${panel.x.replace(/^metric:/, '')}` : '');
        const chart = modules.bandChart(slot, title, lines, { xMode: panel.x, height: 200, logY: !!panel.logY, smooth: panel.smooth || 0,
          band: (panel.groupBy || []).length ? panel.band !== 'none' : false, yRange: panel.yRange, ignoreOutliers: !!panel.ignoreOutliers,
          note: (panel.groupBy || []).length ? `by ${panel.groupBy.join(', ')}` : '' });
        const move = (delta) => {
          const next = [...list];
          const [moved] = next.splice(index, 1);
          next.splice(Math.max(0, Math.min(next.length, index + delta)), 0, moved);
          save(next);
        };
        chart.card.querySelector('.chart-head').append(
          h('button', { class: 'btn btn-ghost btn-small panel-up', title: 'Move up', text: '↑', disabled: index === 0, onclick: () => move(-1) }),
          h('button', { class: 'btn btn-ghost btn-small panel-down', title: 'Move down', text: '↓', disabled: index === list.length - 1, onclick: () => move(1) }),
          h('button', { class: 'btn btn-ghost btn-small panel-remove', title: 'Remove', text: '×', onclick: () => save(list.filter((_, i) => i !== index)) }));
        charts.push(chart);
      } catch (e) {
        slot.append(errorBox(e));
      }
    }
    grid.dataset.state = 'ready';
  }

  return {
    element,
    toggle,
    refresh: (nextRuns, nextSelected) => {
      runs = nextRuns;
      selected = new Set(nextSelected);
      // The runs these charts draw get their distinct colours even while the charts are closed, so the table's
      // swatches already show the colours the charts (and the compare page) will use.
      distinctRunColors(shown().slice(0, MAX_RUNS).map((run) => run.run_id));
      return open ? draw() : null;
    },
  };
}
