// The runs table's body: only the rows in view exist (virtual scrolling), keyed by run id. Painting again
// (a scroll, a live refresh) reuses each row that is still in view and rewrites only the cells whose text
// changed, so a click, a text selection, focus or a checkbox is never lost to a repaint.
import { h, statusPill } from './format.js';
import { hrefFor } from './state.js';
import { cellText } from './run-columns.js';
import { runColor } from './run-colors.js';

export const ROW_HEIGHT = 32;
const OVERSCAN = 10;

const visibleTags = (run) => Object.entries(run.tags || {}).filter(([k]) => !k.startsWith('mlflow.')).map(([k, v]) => (v ? `${k}=${v}` : k));

/** What a cell shows, as a string that changes whenever its content must (its key) and a way to fill it. */
function cellModel(column, run) {
  if (column.id === 'name') {
    const text = cellText(column, run);
    const color = runColor(run.run_id);
    return { key: `${text}\u0000${color}`, className: 'name-cell', title: text,
      fill: (td) => td.replaceChildren(h('span', { class: 'swatch', style: `background:${color}` }),
        h('a', { href: hrefFor(['runs', run.run_id]), text })) };
  }
  if (column.id === 'status') return { key: run.status, fill: (td) => td.replaceChildren(statusPill(run.status)) };
  if (column.id === 'tags') {
    const tags = visibleTags(run);
    return { key: tags.join('\n'), className: 'tags-cell', title: tags.join('\n'), // every tag in full on hover
      fill: (td) => td.replaceChildren(...tags.map((tag) => h('span', { class: 'chip', text: tag }))) };
  }
  const text = cellText(column, run);
  return { key: text, className: column.num ? 'num' : '', title: text, fill: (td) => { td.textContent = text; } };
}

function fillCell(td, model) {
  if (td.sextantKey === model.key) return;
  td.sextantKey = model.key;
  td.className = model.className || '';
  if (model.title) td.title = model.title; else td.removeAttribute('title');
  model.fill(td);
}

/**
 * tbody inside scroller. source: {runs(), columns() (visible, in order), isSelected(runId), emptyText()}.
 */
export function runRows(tbody, scroller, source) {
  const rows = new Map(); // runId → <tr>, for the rows in the DOM
  const top = h('tr', { class: 'spacer' });
  const bottom = h('tr', { class: 'spacer' });
  let columnsKey = '';
  let template = null; // an empty row for the current columns: a new row is one clone, not a node per cell

  function rowFor(run, columns) {
    let tr = rows.get(run.run_id);
    if (!tr) {
      tr = template.cloneNode(true);
      tr.dataset.runId = run.run_id;
      const box = tr.firstChild.firstChild;
      box.dataset.run = run.run_id;
      box.setAttribute('aria-label', `Select ${run.name || run.run_id}`);
      rows.set(run.run_id, tr);
    }
    const selected = source.isSelected(run.run_id);
    const box = tr.firstChild.firstChild;
    if (box.checked !== selected) box.checked = selected;
    tr.classList.toggle('selected', selected);
    columns.forEach((column, i) => fillCell(tr.children[i + 1], cellModel(column, run)));
    return tr;
  }

  /** Shows the rows in view; only what changed is touched. */
  function paint() {
    const runs = source.runs();
    const columns = source.columns();
    const key = columns.map((c) => c.id).join('\u0000');
    if (key !== columnsKey) { // other columns: rows are rebuilt, once
      columnsKey = key;
      rows.clear();
      template = h('tr', {}, h('td', { class: 'check' }, h('input', { type: 'checkbox' })), columns.map(() => h('td')));
    }
    if (!runs.length) {
      rows.clear();
      tbody.replaceChildren(h('tr', { class: 'empty-row' }, h('td', { colspan: String(columns.length + 1), class: 'empty', text: source.emptyText() })));
      return;
    }
    const scrollTop = scroller.scrollTop;
    // The scroller may still be shrink-wrapped around a placeholder row: plan for a full window of rows.
    const height = Math.max(scroller.clientHeight, window.innerHeight);
    const start = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
    const end = Math.min(runs.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
    const wanted = runs.slice(start, end).map((run) => rowFor(run, columns));
    const keep = new Set(wanted);
    for (const [runId, tr] of rows) {
      if (!keep.has(tr)) { tr.remove(); rows.delete(runId); }
    }
    if (tbody.firstChild !== top) tbody.replaceChildren(top);
    // Rows already in place stay where they are; only missing or misplaced ones move.
    let previous = top;
    for (const tr of wanted) {
      if (previous.nextSibling !== tr) previous.after(tr);
      previous = tr;
    }
    if (previous.nextSibling !== bottom) previous.after(bottom);
    while (bottom.nextSibling) bottom.nextSibling.remove();
    // Heights through the CSSOM: the Content-Security-Policy refuses style="" in markup.
    top.style.height = `${start * ROW_HEIGHT}px`;
    bottom.style.height = `${(runs.length - end) * ROW_HEIGHT}px`;
  }

  /** The row elements in view, for the selection toggle. */
  const rendered = () => rows;

  /** Shows a message across the table instead of rows (an error). */
  function message(node) {
    rows.clear();
    tbody.replaceChildren(h('tr', { class: 'empty-row' }, h('td', { colspan: String(source.columns().length + 1) }, node)));
  }

  return { paint, rendered, message };
}
