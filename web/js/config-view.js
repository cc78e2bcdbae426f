// A run's config both ways: a collapsible tree of the nested config and a flat, searchable key/value table.
import { h } from './format.js';

export function configView(config, params) {
  const tree = h('div', { class: 'config-tree' }, nested(config || {}, 0));
  const flatBody = h('tbody', {}, Object.entries(params || {}).map(([key, value]) =>
    h('tr', { dataset: { key: key.toLowerCase() } }, h('td', { class: 'mono key', text: key }), h('td', { class: 'mono', text: value }))));
  const search = h('input', { type: 'search', placeholder: 'Find a key', 'aria-label': 'Find a config key', class: 'small-input' });
  search.addEventListener('input', () => {
    const needle = search.value.toLowerCase();
    flatBody.querySelectorAll('tr').forEach((row) => { row.hidden = needle && !row.dataset.key.includes(needle); });
  });
  const flat = h('div', { class: 'config-flat', hidden: true }, search, h('table', { class: 'table compact' }, flatBody));
  const tabs = h('div', { class: 'segmented small' }, ['Nested', 'Flat'].map((name, i) => h('button', {
    type: 'button', class: i === 0 ? 'active' : '', text: name, onclick: (event) => {
      tabs.querySelectorAll('button').forEach((b) => b.classList.toggle('active', b === event.currentTarget));
      tree.hidden = i !== 0;
      flat.hidden = i !== 1;
    } })));
  if (!Object.keys(params || {}).length) return h('div', { class: 'empty muted', text: 'No config logged.' });
  return h('div', { class: 'config-view' }, tabs, tree, flat);
}

function nested(object, depth) {
  return Object.entries(object).map(([key, value]) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return h('details', { class: 'config-node', open: depth < 1 },
        h('summary', {}, h('span', { class: 'mono key', text: key }), h('span', { class: 'muted small', text: ` ${Object.keys(value).length}` })),
        h('div', { class: 'config-children' }, nested(value, depth + 1)));
    }
    return h('div', { class: 'config-leaf' }, h('span', { class: 'mono key', text: key }),
      h('span', { class: 'mono value', text: typeof value === 'string' ? value : JSON.stringify(value) }));
  });
}
