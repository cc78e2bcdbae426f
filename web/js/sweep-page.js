// One sweep: state and controls (pause / resume / stop), the trials table, best value so far, parallel
// coordinates coloured by the metric, and parameter importance. Refreshes while the sweep runs.
import { api } from './api.js';
import { h, errorBox, formatNumber, statusPill } from './format.js';
import { bestSoFarChart, flatten, importanceTable, parallelCoordinates } from './sweep-charts.js';

const POLL_MS = 5000;

export async function render(main, parts) {
  const sweepId = parts[1];
  let timer = null;
  let disposed = false;
  const header = h('div', { class: 'page-header' });
  const message = h('div', { id: 'sweep-message', role: 'status' });
  const summary = h('div', { class: 'card section', id: 'sweep-summary' });
  const progress = h('div', { class: 'card section' }, h('h2', { text: 'Best value so far' }), h('div', { id: 'best-chart' }));
  const parallel = h('div', { class: 'card section' }, h('h2', { text: 'Parallel coordinates' }), h('div', { id: 'pc-chart', class: 'chart-scroll' }));
  const importance = h('div', { class: 'card section' }, h('h2', { text: 'Parameter importance' }), h('div', { id: 'importance' }));
  const trials = h('div', { class: 'card table-card', id: 'trials' });
  main.append(header, message, summary, h('div', { class: 'sweep-grid' }, progress, importance), parallel, trials);

  // Only the latest load draws: a poll that left before a pause or resume must not paint the old state over the
  // new one (and start a second polling chain) when its answer comes back last.
  let latest = 0;
  async function load() {
    const mine = ++latest;
    clearTimeout(timer);
    try {
      const [sweep, trialList, weights] = await Promise.all([api.getSweep(sweepId), api.sweepTrials(sweepId),
        api.sweepImportance(sweepId)]);
      if (disposed || mine !== latest) return;
      draw(sweep, trialList.trials, weights);
      if (sweep.state === 'RUNNING' || sweep.state === 'PAUSED') timer = setTimeout(load, POLL_MS);
    } catch (e) {
      if (mine === latest) message.replaceChildren(errorBox(e));
    }
  }

  function draw(sweep, list, weights) {
    document.title = `${sweep.name} · Sextant`;
    header.replaceChildren(
      h('div', {}, h('nav', { class: 'crumbs' }, h('a', { href: '#/', text: 'Experiments' }), h('span', { text: '/' }),
        h('a', { href: `#/experiments/${encodeURIComponent(sweep.experiment_id)}/sweeps`, id: 'sweeps-back', text: 'Sweeps' })),
      h('h1', {}, sweep.name, ' ', h('span', { class: `pill pill-${sweep.state.toLowerCase()}`, id: 'sweep-state', text: sweep.state }))),
      h('div', { class: 'header-actions' }, ...controls(sweep)));
    const counts = Object.entries(sweep.counts).filter(([, n]) => n > 0).map(([status, n]) => `${n} ${status.toLowerCase()}`).join(', ');
    summary.replaceChildren(h('dl', { class: 'sweep-facts' },
      fact('Method', sweep.method),
      fact('Metric', sweep.metric_name ? `${sweep.metric_name} (${sweep.metric_goal})` : '—'),
      fact('Trials', `${sweep.trial_count}${counts ? ` — ${counts}` : ''}`),
      fact('Best', sweep.best_run_id
        ? h('span', {}, formatNumber(sweep.best_value), ' in ', h('a', { href: `#/runs/${sweep.best_run_id}`, id: 'best-run', text: `trial ${sweep.best_trial_index}` }))
        : '—'),
      fact('Agents', h('code', { text: `python -m sextant agent ${sweep.sweep_id} -- python train.py --lr \${lr}` }))));
    progress.lastChild.replaceChildren(bestSoFarChart(list, sweep.metric_goal));
    parallel.lastChild.replaceChildren(parallelCoordinates(list, sweep.config.parameters ? flatSpecs(sweep.config.parameters) : {},
      sweep.metric_name || 'metric', sweep.metric_goal));
    importance.lastChild.replaceChildren(importanceTable(weights));
    trials.replaceChildren(trialTable(list, sweep));
  }

  function controls(sweep) {
    const act = (action, label, cls = 'btn') => h('button', { class: cls, id: `sweep-${action}`, text: label, onclick: async () => {
      try {
        await api.changeSweep(sweepId, action);
        message.replaceChildren();
        load();
      } catch (e) {
        message.replaceChildren(errorBox(e, `Could not ${action} the sweep: `));
      }
    } });
    if (sweep.state === 'RUNNING') return [act('pause', 'Pause'), act('stop', 'Stop', 'btn danger')];
    if (sweep.state === 'PAUSED') return [act('resume', 'Resume', 'btn btn-primary'), act('stop', 'Stop', 'btn danger')];
    return [];
  }

  load();
  return () => {
    disposed = true;
    clearTimeout(timer);
  };
}

function fact(label, value) {
  return [h('dt', { text: label }), h('dd', {}, value)];
}

/** The config's parameters with nested {"parameters": {...}} blocks flattened to dotted names. */
function flatSpecs(parameters, prefix = '', out = {}) {
  for (const [name, spec] of Object.entries(parameters)) {
    if (spec && spec.parameters) flatSpecs(spec.parameters, `${prefix}${name}.`, out);
    else out[prefix + name] = spec || {};
  }
  return out;
}

function trialTable(list, sweep) {
  if (list.length === 0) return h('div', { class: 'empty', text: 'No trials yet: start an agent.' });
  const keys = [...new Set(list.flatMap((t) => Object.keys(flatten(t.config))))];
  const head = h('tr', {}, h('th', { text: '#' }), h('th', { text: 'Run' }), h('th', { text: 'Status' }),
    ...keys.map((key) => h('th', { text: key })), h('th', { text: sweep.metric_name || 'metric' }), h('th', { text: 'Stopped because' }));
  const rows = list.map((t) => {
    const config = flatten(t.config);
    return h('tr', { dataset: { trial: String(t.trial_index) }, class: t.run_id === sweep.best_run_id ? 'best' : null },
      h('td', { class: 'num', text: String(t.trial_index) }),
      h('td', {}, h('a', { href: `#/runs/${t.run_id}`, text: t.run_id.slice(0, 8) })),
      h('td', {}, statusPill(t.state === 'LOST' ? 'LOST' : t.run_status)),
      ...keys.map((key) => h('td', { class: typeof config[key] === 'number' ? 'num' : null,
        text: config[key] == null ? '' : typeof config[key] === 'number' ? formatNumber(config[key]) : String(config[key]) })),
      h('td', { class: 'num', text: t.metric_value == null ? '' : formatNumber(t.metric_value) }),
      h('td', { class: 'muted', text: t.stop_reason || '' }));
  });
  return h('table', { class: 'table', id: 'trials-table' }, h('thead', {}, head), h('tbody', {}, rows));
}
