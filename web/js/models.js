// Models page: the model registry (registered models, their versions, stages and aliases) and, for each version,
// the run and the logged model it came from. Reads the registry through the MLflow routes the server already
// serves for MLflow's own UI (api.js). runModelsSection() is the run page's card of versions made from the run.
import { api } from './api.js';
import { h, errorBox, formatTime, formatAgo } from './format.js';
import { hrefFor } from './state.js';

export async function render(main, parts) {
  if (parts[1]) return renderModel(main, parts[1]);
  const list = h('div', { class: 'card' }, h('div', { class: 'empty', text: 'Loading…' }));
  main.append(
    h('div', { class: 'page-header' },
      h('div', {}, h('h1', { text: 'Models' }),
        h('p', { class: 'subtitle', text: 'Registered models, newest change first. Register one with mlflow.register_model() or log_model(registered_model_name=…).' }))),
    list);
  const models = (await api.searchRegisteredModels()).registered_models || [];
  models.sort((a, b) => (b.last_updated_timestamp || 0) - (a.last_updated_timestamp || 0));
  if (!models.length) {
    list.replaceChildren(h('div', { class: 'empty', text: 'No registered models yet.' }));
    return;
  }
  list.replaceChildren(h('table', { class: 'table models-table' },
    h('thead', {}, h('tr', {}, h('th', { text: 'Name' }), h('th', { text: 'Latest versions' }), h('th', { text: 'Aliases' }),
      h('th', { text: 'Last change' }))),
    h('tbody', {}, models.map((model) => h('tr', {},
      h('td', { class: 'name-cell' }, h('a', { href: hrefFor(['models', model.name]), class: 'model-link', text: model.name }),
        model.description ? h('div', { class: 'muted small', text: model.description }) : null),
      h('td', {}, (model.latest_versions || []).map((v) => h('span', { class: 'chip', text: `v${v.version} ${v.current_stage}` }))),
      h('td', {}, (model.aliases || []).map((a) => h('span', { class: 'chip', text: `@${a.alias} → v${a.version}` }))),
      h('td', { title: formatTime(model.last_updated_timestamp), text: formatAgo(model.last_updated_timestamp) }))))));
}

async function renderModel(main, name) {
  const [model, versions] = await Promise.all([api.getRegisteredModel(name), api.searchModelVersions(name)]);
  const registered = model.registered_model;
  main.append(
    h('div', { class: 'crumbs' }, h('a', { href: hrefFor(['models']), text: 'Models' }), ' / ', name),
    h('div', { class: 'page-header' }, h('div', {}, h('h1', { text: name }),
      registered.description ? h('p', { class: 'subtitle', text: registered.description }) : null)),
    tagsLine(registered.tags),
    h('div', { class: 'card' }, versionsTable(versions.model_versions || [])));
}

function versionsTable(versions) {
  if (!versions.length) return h('div', { class: 'empty', text: 'No versions yet.' });
  return h('table', { class: 'table versions-table' },
    h('thead', {}, h('tr', {}, ['Version', 'Stage', 'Aliases', 'Run', 'Logged model', 'Source', 'Created']
      .map((title) => h('th', { text: title })))),
    h('tbody', {}, versions.map((v) => h('tr', { dataset: { version: v.version } },
      h('td', { text: 'v' + v.version }),
      h('td', { text: v.current_stage }),
      h('td', {}, (v.aliases || []).map((alias) => h('span', { class: 'chip', text: '@' + alias }))),
      h('td', {}, v.run_id ? h('a', { href: hrefFor(['runs', v.run_id]), class: 'run-link', text: v.run_id.slice(0, 8) }) : '—'),
      h('td', { class: 'mono small', text: v.model_id || '—' }),
      h('td', { class: 'mono small', text: v.source }),
      h('td', { title: formatTime(v.creation_timestamp), text: formatAgo(v.creation_timestamp) })))));
}

function tagsLine(tags) {
  if (!tags || !tags.length) return null;
  return h('p', { class: 'muted' }, tags.map((tag) => h('span', { class: 'chip', text: `${tag.key}: ${tag.value}` })));
}

/** The run page's "Registered models" card: the versions registered from this run; hidden while there are none. */
export function runModelsSection(runId) {
  const list = h('ul', { class: 'plain-list run-models' });
  const section = h('section', { class: 'card section', id: 'registered-models', hidden: true },
    h('h2', { text: 'Registered models' }), list);
  api.searchModelVersions(null, runId).then((found) => {
    const versions = found.model_versions || [];
    list.replaceChildren(...versions.map((v) => h('li', {},
      h('a', { href: hrefFor(['models', v.name]), class: 'model-link', text: `${v.name} v${v.version}` }),
      (v.aliases || []).map((alias) => h('span', { class: 'chip', text: '@' + alias })),
      v.current_stage !== 'None' ? h('span', { class: 'chip', text: v.current_stage }) : null)));
    section.hidden = versions.length === 0;
  }).catch((e) => { section.hidden = false; list.replaceChildren(errorBox(e)); });
  return section;
}
