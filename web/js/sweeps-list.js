// The Sweeps tab of an experiment: its sweeps (state, trials, best value) and a form that creates one from a
// pasted JSON config (a write token is needed when auth is on; the server's message names a wrong field).
import { api } from './api.js';
import { h, errorBox, formatNumber, formatTime } from './format.js';
import { navigate } from './state.js';

const EXAMPLE = {
  method: 'bayes',
  metric: { name: 'val/loss', goal: 'minimize' },
  parameters: {
    lr: { distribution: 'log_uniform', min: 1e-5, max: 1e-1 },
    optimizer: { values: ['adam', 'sgd'] },
    layers: { distribution: 'int_uniform', min: 2, max: 8 },
  },
  run_cap: 50,
  early_terminate: { type: 'hyperband', min_iter: 3, eta: 3 },
};

export async function render(main, parts) {
  const experimentId = parts[1];
  const title = h('h1', { text: 'Sweeps' });
  const crumbs = h('nav', { class: 'crumbs' }, h('a', { href: '#/', text: 'Experiments' }), h('span', { text: '/' }),
    h('a', { href: `#/experiments/${encodeURIComponent(experimentId)}`, id: 'runs-link', text: 'Runs' }));
  const list = h('div', { class: 'card table-card', id: 'sweeps-list' });
  const name = h('input', { id: 'sweep-name', class: 'filter-input', placeholder: 'Name (optional)', 'aria-label': 'Sweep name' });
  const config = h('textarea', { id: 'sweep-config', class: 'sweep-config', rows: 14, spellcheck: 'false',
    'aria-label': 'Sweep config (JSON)' });
  config.value = JSON.stringify(EXAMPLE, null, 2);
  const message = h('div', { id: 'sweep-create-message', role: 'status' });
  const create = h('button', { class: 'btn btn-primary', id: 'create-sweep', text: 'Create sweep', onclick: () => submit() });
  const form = h('details', { class: 'card section sweep-create', id: 'sweep-create' },
    h('summary', { text: 'New sweep' }),
    h('p', { class: 'muted', text: 'Paste a config (W&B shape: method grid | random | bayes, metric, parameters, run_cap, '
      + 'early_terminate). Then start agents: python -m sextant agent SWEEP_ID -- python train.py --lr ${lr}' }),
    name, config, h('div', { class: 'toolbar' }, create), message);

  main.append(h('div', { class: 'page-header' }, h('div', {}, crumbs, title)), form, list);
  api.getExperiment(experimentId).then((experiment) => {
    title.textContent = `${experiment.name}: sweeps`;
    document.title = `${experiment.name} sweeps · Sextant`;
  }).catch(() => {});

  async function submit() {
    let parsed;
    try {
      parsed = JSON.parse(config.value);
    } catch (e) {
      message.replaceChildren(h('p', { class: 'error', text: 'The config is not valid JSON: ' + e.message }));
      return;
    }
    create.disabled = true;
    try {
      const sweep = await api.createSweep(experimentId, name.value.trim() || undefined, parsed);
      navigate(['sweeps', sweep.sweep_id]);
    } catch (e) {
      message.replaceChildren(errorBox(e, 'Not created: '));
    } finally {
      create.disabled = false;
    }
  }

  try {
    const { sweeps } = await api.listSweeps(experimentId);
    list.replaceChildren(sweeps.length === 0
      ? h('div', { class: 'empty', text: 'No sweeps yet. Create one above, or with the Python or Java SDK.' })
      : table(sweeps));
  } catch (e) {
    list.replaceChildren(errorBox(e));
  }
}

function table(sweeps) {
  const head = h('tr', {}, ...['Name', 'Method', 'State', 'Trials', 'Best', 'Created'].map((text) => h('th', { text })));
  const rows = sweeps.map((sweep) => h('tr', { dataset: { sweep: sweep.sweep_id } },
    h('td', {}, h('a', { href: `#/sweeps/${sweep.sweep_id}`, text: sweep.name })),
    h('td', { text: sweep.method }),
    h('td', {}, h('span', { class: `pill pill-${sweep.state.toLowerCase()}`, text: sweep.state })),
    h('td', { class: 'num', text: String(sweep.trial_count) }),
    h('td', { class: 'num', text: sweep.best_value == null ? '' : `${sweep.metric_name} ${formatNumber(sweep.best_value)}` }),
    h('td', { text: formatTime(sweep.creation_time_ms) })));
  return h('table', { class: 'table', id: 'sweeps-table' }, h('thead', {}, head), h('tbody', {}, rows));
}
