// Experiments list: run counts and last activity; create, rename, delete and restore.
import { api } from './api.js';
import { h, formatAgo, formatTime, errorBox, lifecycleTabs } from './format.js';
import { hrefFor } from './state.js';

export async function render(main, parts, query) {
  const view = query.get('view') === 'deleted' ? 'deleted' : 'active';
  const message = h('div', { class: 'inline-message', 'aria-live': 'polite' });
  const list = h('div', { class: 'card' });

  const nameInput = h('input', { type: 'text', id: 'new-experiment-name', placeholder: 'New experiment name', 'aria-label': 'New experiment name' });
  const createForm = h('form', { class: 'inline-form', onsubmit: async (event) => {
    event.preventDefault();
    const name = nameInput.value.trim();
    if (!name) return;
    try {
      await api.createExperiment(name);
      nameInput.value = '';
      message.replaceChildren();
      await load();
    } catch (e) {
      message.replaceChildren(errorBox(e));
    }
  } }, nameInput, h('button', { type: 'submit', class: 'btn btn-primary', text: 'Create' }));

  const tabs = lifecycleTabs(view, (name) => { location.hash = hrefFor([], { view: name === 'active' ? null : name }); });

  main.append(
    h('div', { class: 'page-header' },
      h('div', {}, h('h1', { text: 'Experiments' }), h('p', { class: 'subtitle', text: 'Every experiment on this server, most recently active first.' })),
      createForm),
    h('div', { class: 'toolbar' }, tabs),
    message,
    list);

  async function load() {
    let experiments;
    try {
      experiments = (await api.listExperiments(view)).experiments || [];
    } catch (e) {
      list.replaceChildren(errorBox(e));
      return;
    }
    experiments.sort((a, b) => (b.last_run_start_time_ms || b.creation_time_ms || 0) - (a.last_run_start_time_ms || a.creation_time_ms || 0));
    if (experiments.length === 0) {
      list.replaceChildren(h('div', { class: 'empty', text: view === 'deleted' ? 'No deleted experiments.' : 'No experiments yet. Create one above, or log a run from the SDK.' }));
      return;
    }
    const rows = experiments.map((experiment) => row(experiment));
    list.replaceChildren(h('table', { class: 'table experiments-table' },
      h('thead', {}, h('tr', {}, h('th', { text: 'Name' }), h('th', { class: 'num', text: 'Runs' }),
        h('th', { text: 'Last activity' }), h('th', { text: 'Created' }), h('th', { class: 'actions', text: '' }))),
      h('tbody', {}, rows)));
  }

  function row(experiment) {
    const id = experiment.experiment_id;
    const nameCell = h('td', { class: 'name-cell' },
      view === 'active'
        ? h('a', { href: hrefFor(['experiments', id]), class: 'experiment-link', text: experiment.name })
        : h('span', { text: experiment.name }),
      experiment.description ? h('div', { class: 'muted small', text: experiment.description }) : null);
    const act = async (fn) => {
      try { await fn(); message.replaceChildren(); await load(); } catch (e) { message.replaceChildren(errorBox(e)); }
    };
    const rename = () => {
      const input = h('input', { type: 'text', value: experiment.name, 'aria-label': 'Experiment name', class: 'rename-input' });
      const save = () => act(() => api.renameExperiment(id, input.value.trim()));
      input.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') save();
        if (event.key === 'Escape') load();
      });
      nameCell.replaceChildren(input, h('button', { class: 'btn btn-small', text: 'Save', onclick: save }));
      input.focus();
      input.select();
    };
    const actions = view === 'active'
      ? [h('button', { class: 'btn btn-ghost btn-small', text: 'Rename', onclick: rename }),
        id === '0' ? null : h('button', { class: 'btn btn-ghost btn-small danger', text: 'Delete', onclick: () => act(() => api.deleteExperiment(id)) })]
      : [h('button', { class: 'btn btn-small', text: 'Restore', onclick: () => act(() => api.restoreExperiment(id)) })];
    return h('tr', { dataset: { experimentId: id } },
      nameCell,
      h('td', { class: 'num', text: String(experiment.run_count ?? 0) }),
      h('td', { title: formatTime(experiment.last_run_start_time_ms), text: experiment.last_run_start_time_ms ? formatAgo(experiment.last_run_start_time_ms) : 'no runs' }),
      h('td', { class: 'muted', text: formatTime(experiment.creation_time_ms) }),
      h('td', { class: 'actions' }, actions));
  }

  await load();
}
