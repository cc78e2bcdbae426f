// Config diff of several runs: one row per flat key, one column per run; rows whose values differ are
// highlighted, and "only differences" hides the rest.
import { h } from './format.js';

export function differingKeys(runs) {
  const keys = new Set(runs.flatMap((run) => Object.keys(run.params || {})));
  return new Set([...keys].filter((key) => new Set(runs.map((run) => (run.params || {})[key] ?? '\u0000missing')).size > 1));
}

export function configDiff(runs, colors, onlyDifferences, onToggle) {
  const keys = [...new Set(runs.flatMap((run) => Object.keys(run.params || {})))].sort();
  const differing = differingKeys(runs);
  const toggle = h('label', { class: 'inline-label' }, h('input', { type: 'checkbox', id: 'only-differences', checked: onlyDifferences,
    onchange: (event) => onToggle(event.target.checked) }), ' Only differences');
  const shown = onlyDifferences ? keys.filter((key) => differing.has(key)) : keys;
  const table = h('table', { class: 'table compact diff-table', id: 'config-diff' },
    h('thead', {}, h('tr', {}, h('th', { text: 'Key' }), runs.map((run, i) =>
      h('th', {}, h('span', { class: 'swatch', style: `background:${colors[i]}` }), ' ', run.name || run.run_id.slice(0, 8))))),
    h('tbody', {}, shown.map((key) => h('tr', { class: differing.has(key) ? 'differs' : '', dataset: { key } },
      h('td', { class: 'mono key', text: key }),
      runs.map((run) => {
        const value = (run.params || {})[key];
        return h('td', { class: `mono ${value == null ? 'missing' : ''}`, text: value ?? '—' });
      })))));
  const summary = h('span', { class: 'muted small', text: `${differing.size} of ${keys.length} keys differ` });
  return h('div', { class: 'config-diff' }, h('div', { class: 'section-tools' }, toggle, summary),
    shown.length ? h('div', { class: 'table-scroll-x' }, table) : h('div', { class: 'empty muted', text: keys.length ? 'Every config key has the same value in these runs.' : 'No config logged.' }));
}
