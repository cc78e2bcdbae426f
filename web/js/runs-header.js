// The runs table's header: sortable column titles (full names on hover), a select-all box, and a handle
// on each column's right edge to drag its width. Widths the user set are kept in localStorage for every
// table; other columns are as wide as their name needs, within limits.
import { h } from './format.js';

const STORAGE_KEY = 'sextant.columnWidths';
const CHECK_WIDTH = 36;
const MIN_WIDTH = 48;

function savedWidths() {
  try { return JSON.parse(localStorage.getItem(STORAGE_KEY) || '{}') || {}; } catch (e) { return {}; }
}

function saveWidth(id, width) {
  const widths = savedWidths();
  widths[id] = width;
  try { localStorage.setItem(STORAGE_KEY, JSON.stringify(widths)); } catch (e) { /* this page only */ }
}

let measure = null;

/** Wide enough for the column's name and stat as the header draws them, between its default and 320 px. */
function naturalWidth(column) {
  if (!column.id.startsWith('m:') && !column.id.startsWith('p:')) return column.width;
  measure = measure || document.createElement('canvas').getContext('2d');
  measure.font = '600 12px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
  let text = measure.measureText(column.label).width;
  if (column.sub) {
    measure.font = '500 11px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
    text += 4 + measure.measureText(column.sub).width;
  }
  return Math.round(Math.min(320, Math.max(column.width, text + 20 + 14))); // padding, sort mark
}

/** widths: the ones the user set, read once per header rather than once per column. */
function columnWidth(column, widths) {
  const saved = widths[column.id];
  return Number.isFinite(saved) && saved >= MIN_WIDTH ? saved : naturalWidth(column);
}

/**
 * Draws colgroup and thead for the visible columns. options: {sort: {id, direction} | null, onSort(column),
 * allSelected, onSelectAll(checked)}.
 */
export function renderHeader(table, colgroup, thead, columns, options) {
  const widths = savedWidths();
  const cols = columns.map((column) => h('col', { style: `width:${columnWidth(column, widths)}px` }));
  colgroup.replaceChildren(h('col', { style: `width:${CHECK_WIDTH}px` }), ...cols);
  const fitTable = () => {
    table.style.width = `${CHECK_WIDTH + cols.reduce((sum, col) => sum + parseFloat(col.style.width), 0)}px`;
  };
  fitTable();
  const allBox = h('input', { type: 'checkbox', 'aria-label': 'Select all runs', id: 'select-all', checked: options.allSelected,
    onchange: (event) => options.onSelectAll(event.target.checked) });
  thead.replaceChildren(h('tr', {}, h('th', { class: 'check' }, allBox), ...columns.map((column, i) => {
    const sorted = options.sort && options.sort.id === column.id ? options.sort.direction : null;
    const fullName = `${column.label}${column.sub ? ' (' + column.sub + ')' : ''}`;
    const handle = h('span', { class: 'col-resize', role: 'separator', 'aria-label': `Resize ${fullName}`, title: 'Drag to resize' });
    handle.addEventListener('pointerdown', (event) => startResize(event, column, cols[i], fitTable));
    return h('th', { class: column.num ? 'num' : '', 'aria-sort': sorted ? (sorted === 'asc' ? 'ascending' : 'descending') : 'none', dataset: { col: column.id } },
      h('button', { class: 'th-button', title: `${fullName}\n${column.group} — click to sort`, onclick: () => options.onSort(column) },
        h('span', { class: 'th-label', text: column.label }),
        column.sub ? h('span', { class: 'th-sub', text: column.sub }) : null,
        h('span', { class: 'sort-mark', text: sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '' })),
      handle);
  })));
}

function startResize(event, column, col, fitTable) {
  event.preventDefault();
  event.stopPropagation();
  const handle = event.currentTarget;
  const startX = event.clientX;
  const startWidth = parseFloat(col.style.width);
  handle.setPointerCapture(event.pointerId);
  handle.classList.add('dragging');
  const move = (e) => {
    col.style.width = `${Math.max(MIN_WIDTH, Math.round(startWidth + e.clientX - startX))}px`;
    fitTable();
  };
  const done = () => {
    handle.removeEventListener('pointermove', move);
    handle.removeEventListener('pointerup', done);
    handle.removeEventListener('pointercancel', done);
    handle.classList.remove('dragging');
    saveWidth(column.id, parseFloat(col.style.width));
  };
  handle.addEventListener('pointermove', move);
  handle.addEventListener('pointerup', done);
  handle.addEventListener('pointercancel', done);
}
