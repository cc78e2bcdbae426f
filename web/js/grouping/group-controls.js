// "Group by" and band controls, kept in the URL (group=params.lr,tags.team & gband=ci95). Changing them
// re-renders the page, which then asks the server for the groups.
import { h } from '../format.js';
import { currentRoute, listParam } from '../state.js';
import { BANDS } from './band.js';

export function groupingOf(query) {
  const band = query.get('gband');
  return { groupBy: listParam(query, 'group'), band: BANDS[band] ? band : 'ci95' };
}

/** The keys runs can be grouped by: their params, tags (not mlflow.* / sextant.*) and status. */
export function groupableKeys(runs) {
  const keys = new Set();
  for (const run of runs) {
    Object.keys(run.params || {}).forEach((key) => keys.add(`params.${key}`));
    Object.keys(run.tags || {}).filter((key) => !/^(mlflow|sextant)\./.test(key)).forEach((key) => keys.add(`tags.${key}`));
  }
  return ['status', ...[...keys].sort()];
}

function reload(changes) {
  const { parts, query } = currentRoute();
  for (const [key, value] of Object.entries(changes)) {
    if (value == null || value === '') query.delete(key); else query.set(key, value);
  }
  const search = query.toString();
  location.hash = '#/' + parts.map(encodeURIComponent).join('/') + (search ? `?${search}` : '');
}

/** A select per grouping key (add one with "+ key", clear with "Ungroup") and the band kind. */
export function groupControls(runs, grouping) {
  const keys = groupableKeys(runs);
  const add = h('select', { id: 'group-by', 'aria-label': 'Group by' },
    h('option', { value: '', text: grouping.groupBy.length ? '+ key' : '—' }),
    keys.filter((key) => !grouping.groupBy.includes(key)).map((key) => h('option', { value: key, text: key })));
  add.addEventListener('change', () => { if (add.value) reload({ group: [...grouping.groupBy, add.value].join(',') }); });
  const band = h('select', { id: 'group-band', 'aria-label': 'Band', disabled: !grouping.groupBy.length },
    Object.entries(BANDS).map(([value, label]) => h('option', { value, selected: value === grouping.band, text: label })));
  band.addEventListener('change', () => reload({ gband: band.value === 'ci95' ? null : band.value }));
  const ungroup = h('button', { class: 'btn btn-ghost btn-small', id: 'ungroup', hidden: !grouping.groupBy.length, text: 'Ungroup',
    onclick: () => reload({ group: null }) });
  return h('div', { class: 'controls group-controls' },
    h('label', { class: 'inline-label' }, 'Group by ', ...grouping.groupBy.map((key) => h('span', { class: 'chip mono', text: key })), add),
    h('label', { class: 'inline-label' }, 'Band ', band), ungroup);
}
