// The runs table's column picker: every column by group with a search box, "Reset to default" and "Hide
// columns that are constant". The <details> element lives as long as the table, so a refresh of its list
// (a running run logged a new metric) keeps it open with the search as typed.
import { h } from './format.js';

/**
 * picker: the <details> element. options: {columns(), shownIds() (a Set), hideConstant(), onToggle(id, shown),
 * onReset(), onHideConstant(hide)}.
 */
export function columnPicker(picker, options) {
  const search = h('input', { type: 'search', placeholder: 'Find a column', 'aria-label': 'Find a column', class: 'picker-search' });
  const hideConstant = h('input', { type: 'checkbox', id: 'hide-constant', onchange: () => options.onHideConstant(hideConstant.checked) });
  const reset = h('button', { class: 'btn btn-small btn-ghost', id: 'reset-columns', type: 'button', text: 'Reset to default', onclick: () => options.onReset() });
  const summary = h('summary', { class: 'btn', id: 'column-picker' });
  const body = h('div', { class: 'picker-body' });
  picker.replaceChildren(summary, h('div', { class: 'picker-panel', id: 'picker-panel' },
    h('div', { class: 'picker-head' }, search, reset),
    h('label', { class: 'picker-item picker-option' }, hideConstant, ' Hide columns that are constant'),
    body));

  function filter() {
    const needle = search.value.toLowerCase();
    body.querySelectorAll('.picker-item').forEach((item) => { item.hidden = Boolean(needle) && !item.dataset.search.includes(needle); });
  }
  search.addEventListener('input', filter);

  // The list is drawn when the picker is open, or when it opens: a closed picker costs the table nothing.
  let stale = true;
  picker.addEventListener('toggle', () => { if (picker.open && stale) fillList(options.columns()); });

  /** Redraws the count, and the list if it is shown, from the current columns and choices. */
  function refresh() {
    const columns = options.columns();
    hideConstant.checked = options.hideConstant();
    const shownIds = options.shownIds();
    const shown = columns.filter((column) => shownIds.has(column.id)).length;
    summary.textContent = `Columns (${shown}/${columns.length})`;
    stale = true;
    if (picker.open) fillList(columns);
  }

  function fillList(columns) {
    stale = false;
    const shownIds = options.shownIds();
    const groups = {};
    for (const column of columns) {
      if (column.id === 'name') continue;
      (groups[column.group] ||= []).push(column);
    }
    body.replaceChildren(...Object.entries(groups).map(([group, list]) => h('fieldset', {},
      h('legend', { text: group }),
      list.map((column) => h('label', { class: 'picker-item', title: `${column.label}${column.sub ? ' (' + column.sub + ')' : ''}`,
        dataset: { search: `${column.label} ${column.sub || ''}`.toLowerCase() } },
        h('input', { type: 'checkbox', checked: shownIds.has(column.id), dataset: { col: column.id },
          onchange: (event) => options.onToggle(column.id, event.target.checked) }),
        ` ${column.label}${column.sub ? ' · ' + column.sub : ''}`)))));
    filter();
  }

  refresh();
  return { refresh };
}
