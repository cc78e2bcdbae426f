// Saved views of an experiment's runs page: a view is the page's URL state (filter, sort, columns, group-by,
// chart options) kept on the server under a name. Choosing one opens that state (the URL then reproduces it,
// so it can be shared); the experiment's default view opens when the page is visited without any state.
import { api } from './api.js';
import { h } from './format.js';
import { currentRoute } from './state.js';

/** The page's shareable state: its query without the selection and without the view marker itself. */
function currentState() {
  const { query } = currentRoute();
  query.delete('sel');
  query.delete('v');
  return { query: query.toString() };
}

function open(experimentId, view) {
  const query = new URLSearchParams((view.state && view.state.query) || '');
  query.set('v', view.view_id);
  const hash = `#/experiments/${encodeURIComponent(experimentId)}?${query}`;
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange')); // same URL: show it again
  else location.hash = hash;
}

/**
 * The views bar; when the URL carries no state at all and the experiment has a default view, opens it
 * (returns true then: the caller stops rendering, the page is about to change).
 */
export async function viewsBar(experimentId, query, container, listed = null) {
  let views = [];
  try {
    views = (await (listed || api.listViews(experimentId))).views;
  } catch (e) {
    return false; // views are an extra: the table works without them
  }
  const chosen = query.get('v');
  if (![...query.keys()].length) {
    const preferred = views.find((view) => view.is_default);
    if (preferred) { open(experimentId, preferred); return true; }
  }
  const select = h('select', { id: 'view-select', 'aria-label': 'Saved views' },
    h('option', { value: '', text: views.length ? 'Saved views…' : 'No saved views' }),
    views.map((view) => h('option', { value: view.view_id, selected: view.view_id === chosen,
      text: view.name + (view.is_default ? ' (default)' : '') })));
  select.addEventListener('change', () => {
    const view = views.find((v) => v.view_id === select.value);
    if (view) open(experimentId, view);
  });
  const current = views.find((view) => view.view_id === chosen);
  const save = h('button', { class: 'btn', id: 'save-view', text: 'Save view', onclick: async () => {
    const name = window.prompt('Name of this view', current ? current.name : '');
    if (!name) return;
    const existing = views.find((view) => view.name === name.trim());
    const saved = existing
      ? await api.updateView(experimentId, existing.view_id, { state: currentState() })
      : await api.createView(experimentId, name.trim(), currentState(), false);
    open(experimentId, saved);
  } });
  const makeDefault = h('button', { class: 'btn btn-ghost', id: 'default-view', hidden: !current || current.is_default,
    text: 'Make default', onclick: async () => { await api.updateView(experimentId, current.view_id, { is_default: true }); open(experimentId, current); } });
  const remove = h('button', { class: 'btn btn-ghost', id: 'delete-view', hidden: !current, text: 'Delete view', onclick: async () => {
    await api.deleteView(experimentId, current.view_id);
    location.hash = `#/experiments/${encodeURIComponent(experimentId)}?${current.state.query || 'all=1'}`;
  } });
  container.replaceChildren(h('span', { class: 'views-bar', id: 'views-bar' }, select, save, makeDefault, remove));
  return false;
}
