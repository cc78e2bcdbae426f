// Runs table of one experiment: virtual scrolling over every matching run, sort by any column, a filter
// box in the search language, a column picker, selection for compare, CSV export, live RUNNING rows.
import { api } from './api.js';
import { h, errorBox, lifecycleTabs } from './format.js';
import { hrefFor, patchQuery, listParam, navigate } from './state.js';
import { columnsFor, visibleByDefault, cellText, comparator } from './run-columns.js';

const ROW_HEIGHT = 32;
const FIRST_PAGE = 200;
const NEXT_PAGE = 5000;
const LIVE_POLL_MS = 1000;
let serverSorts = true; // flips to false the first time the server rejects order_by

/** "m:last:loss:desc" → ["m:last:loss", "desc"]: column ids contain colons themselves. */
const splitSort = (sort) => {
  const i = sort.lastIndexOf(':');
  return i < 0 ? [sort, 'asc'] : [sort.slice(0, i), sort.slice(i + 1) === 'desc' ? 'desc' : 'asc'];
};
const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

export async function render(main, parts, query) {
  const experimentId = parts[1];
  const state = {
    filter: query.get('filter') || '',
    sort: query.get('sort') || '',              // "<column id>:asc|desc"
    cols: query.has('cols') ? listParam(query, 'cols') : null,
    selected: new Set(listParam(query, 'sel')),
    view: query.get('view') === 'deleted' ? 'deleted' : 'active',
  };
  let runs = [];
  let columns = [];
  let loading = true;
  let disposed = false;
  let liveTimer = null;

  const title = h('h1', { text: 'Runs' });
  const crumbs = h('nav', { class: 'crumbs' }, h('a', { href: '#/', text: 'Experiments' }), h('span', { text: '/' }));
  const filterInput = h('input', { type: 'search', id: 'run-filter', class: 'filter-input', value: state.filter, spellcheck: 'false',
    placeholder: "Filter runs, e.g. metrics.loss < 0.5 and params.lr = '0.01'   (Enter to apply)", 'aria-label': 'Filter runs' });
  const filterError = h('div', { class: 'filter-error', id: 'filter-error', role: 'alert', hidden: true });
  const count = h('span', { class: 'muted', id: 'run-count' });
  const compareButton = h('button', { class: 'btn btn-primary', id: 'compare-button', disabled: true, onclick: () =>
    navigate(['compare'], { runs: [...state.selected], exp: experimentId }) });
  // Deleting is soft: deleted runs wait under the Deleted tab, where they can be restored.
  const lifecycleButton = state.view === 'active'
    ? h('button', { class: 'btn danger', id: 'delete-runs', onclick: () => changeLifecycle(api.deleteRun, 'Deleted') })
    : h('button', { class: 'btn', id: 'restore-runs', onclick: () => changeLifecycle(api.restoreRun, 'Restored') });
  const message = h('div', { id: 'runs-message', role: 'status' });
  const experimentNotice = h('div');
  const tabs = lifecycleTabs(state.view, (name) =>
    navigate(['experiments', experimentId], { view: name === 'active' ? null : name, filter: state.filter }), 'run-view');
  const picker = h('details', { class: 'column-picker' });
  const exportButton = h('button', { class: 'btn', id: 'export-csv', text: 'Export CSV', onclick: () => exportCsv() });
  const scroller = h('div', { class: 'table-scroll', id: 'runs-scroll', tabindex: '-1' });
  const table = h('table', { class: 'table runs-table', id: 'runs-table' });
  const colgroup = h('colgroup');
  const thead = h('thead');
  const tbody = h('tbody');
  table.append(colgroup, thead, tbody);
  scroller.append(table);

  filterInput.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') applyFilter(filterInput.value.trim());
    if (event.key === 'Escape') { filterInput.value = ''; applyFilter(''); }
  });
  scroller.addEventListener('scroll', () => requestAnimationFrame(paintRows), { passive: true });
  tbody.addEventListener('change', (event) => {
    const box = event.target.closest('input[data-run]');
    if (!box) return;
    if (box.checked) state.selected.add(box.dataset.run); else state.selected.delete(box.dataset.run);
    box.closest('tr').classList.toggle('selected', box.checked);
    selectionChanged();
  });

  main.append(
    h('div', { class: 'page-header' }, h('div', {}, crumbs, title, count),
      h('div', { class: 'header-actions' }, h('a', { class: 'btn', id: 'sweeps-link', href: `#/experiments/${encodeURIComponent(experimentId)}/sweeps`, text: 'Sweeps' }),
        lifecycleButton, exportButton, compareButton)),
    h('div', { class: 'toolbar' }, tabs, h('div', { class: 'filter-wrap' }, filterInput, filterError), picker),
    experimentNotice,
    message,
    h('div', { class: 'card table-card' }, scroller));
  selectionChanged();

  api.getExperiment(experimentId).then((experiment) => {
    title.textContent = experiment.name;
    document.title = `${experiment.name} · Sextant`;
    if (experiment.lifecycle_stage === 'deleted') {
      experimentNotice.replaceChildren(h('p', { class: 'notice', id: 'experiment-deleted' },
        'This experiment is deleted, and so are the runs it had then (under Deleted). Restoring it on the ',
        h('a', { href: hrefFor([], { view: 'deleted' }), text: 'Experiments page' }), ' brings them back.'));
    }
  }).catch((e) => title.replaceWith(errorBox(e)));

  function applyFilter(filter) {
    state.filter = filter;
    patchQuery({ filter });
    load();
  }

  function visibleColumns() {
    const chosen = state.cols ? new Set(state.cols) : null;
    return columns.filter((column) => column.id === 'name' || (chosen ? chosen.has(column.id) : visibleByDefault(column)));
  }

  function sortSpec() {
    const [id, direction] = splitSort(state.sort);
    const column = columns.find((c) => c.id === id);
    return column ? { column, direction } : null;
  }

  function sortRuns() {
    const spec = sortSpec();
    if (spec) runs.sort(comparator(spec.column, spec.direction));
  }

  async function load() {
    const mine = {};
    load.current = mine;
    loading = true;
    scroller.dataset.state = 'loading';
    runs = [];
    filterError.hidden = true;
    filterInput.classList.remove('invalid');
    count.textContent = 'Loading…';
    rebuild();
    const [sortId, direction] = splitSort(state.sort);
    const sortColumn = columnsFor([]).find((c) => c.id === sortId);
    const orderBy = sortId && serverSorts ? [orderByFor(sortId, direction, sortColumn)].filter(Boolean) : [];
    let pageToken = null;
    let first = true;
    try {
      for (;;) {
        const body = { experiment_ids: [experimentId], view: state.view, max_results: first ? FIRST_PAGE : NEXT_PAGE };
        if (state.filter) body.filter = state.filter;
        if (orderBy.length) body.order_by = orderBy;
        if (pageToken) body.page_token = pageToken;
        let page;
        try {
          page = await api.searchRuns(body);
        } catch (e) {
          if (orderBy.length && e.status === 400 && /order_by/i.test(e.message)) {
            serverSorts = false; // sort in the browser instead; every matching run is loaded anyway
            orderBy.length = 0;
            continue;
          }
          throw e;
        }
        if (load.current !== mine || disposed) return;
        runs.push(...page.runs);
        pageToken = page.next_page_token || null;
        const columnsChanged = refreshColumns();
        sortRuns();
        if (first || columnsChanged) rebuild(); else paintRows();
        count.textContent = `${runs.length.toLocaleString()}${pageToken ? '+' : ''} runs`;
        first = false;
        if (!pageToken) break;
      }
    } catch (e) {
      if (load.current !== mine || disposed) return;
      loading = false;
      scroller.dataset.state = 'error';
      showLoadError(e);
      return;
    }
    loading = false;
    scroller.dataset.state = 'ready';
    if (load.current === mine) count.textContent = `${runs.length.toLocaleString()} run${runs.length === 1 ? '' : 's'}`;
    scheduleLive();
  }

  function orderByFor(sortId, direction, column) {
    if (column && column.orderBy) return `${column.orderBy} ${direction.toUpperCase()}`;
    const match = /^(p|m):(?:last:)?(.*)$/.exec(sortId);
    if (!match || (match[1] === 'm' && !sortId.startsWith('m:last:'))) return null;
    return `${match[1] === 'p' ? 'params' : 'metrics'}.\`${match[2]}\` ${direction.toUpperCase()}`;
  }

  function showLoadError(e) {
    count.textContent = '';
    if (state.filter && e.status === 400) {
      // The designed place for a filter mistake: right under the box, with the server's message.
      filterError.replaceChildren(h('strong', { text: 'Filter error: ' }), e.message);
      filterError.hidden = false;
      filterInput.classList.add('invalid');
      tbody.replaceChildren(emptyRow('Fix the filter and press Enter.'));
    } else {
      tbody.replaceChildren(h('tr', {}, h('td', { colspan: String(visibleColumns().length + 1) }, errorBox(e))));
    }
  }

  function refreshColumns() {
    const next = columnsFor(runs);
    const changed = next.length !== columns.length || next.some((c, i) => c.id !== columns[i].id);
    columns = next;
    if (changed) buildPicker();
    return changed;
  }

  function rebuild() {
    if (!columns.length) columns = columnsFor(runs);
    const visible = visibleColumns();
    colgroup.replaceChildren(h('col', { style: 'width:36px' }), ...visible.map((c) => h('col', { style: `width:${c.width}px` })));
    table.style.width = `${36 + visible.reduce((sum, c) => sum + c.width, 0)}px`;
    const spec = sortSpec();
    const allBox = h('input', { type: 'checkbox', 'aria-label': 'Select all runs', id: 'select-all', onchange: (event) => {
      for (const run of runs) if (event.target.checked) state.selected.add(run.run_id); else state.selected.delete(run.run_id);
      paintRows(true);
      selectionChanged();
    } });
    thead.replaceChildren(h('tr', {}, h('th', { class: 'check' }, allBox), ...visible.map((column) => {
      const sorted = spec && spec.column.id === column.id ? spec.direction : null;
      return h('th', { class: column.num ? 'num' : '', 'aria-sort': sorted ? (sorted === 'asc' ? 'ascending' : 'descending') : 'none', dataset: { col: column.id } },
        h('button', { class: 'th-button', title: `${column.group}: ${column.label}${column.sub ? ' (' + column.sub + ')' : ''} — click to sort`,
          onclick: () => setSort(column, sorted) },
          h('span', { class: 'th-label', text: column.label }),
          column.sub ? h('span', { class: 'th-sub', text: column.sub }) : null,
          h('span', { class: 'sort-mark', text: sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '' })));
    })));
    paintRows(true);
  }

  function setSort(column, current) {
    const direction = current === 'asc' ? 'desc' : 'asc';
    state.sort = `${column.id}:${direction}`;
    patchQuery({ sort: state.sort });
    sortRuns();
    rebuild();
  }

  let painted = '';
  function paintRows(force = false) {
    if (!runs.length) {
      tbody.replaceChildren(emptyRow(loading ? 'Loading runs…' : state.filter ? 'No run matches this filter.'
        : state.view === 'deleted' ? 'No deleted runs.' : 'No runs in this experiment yet.'));
      painted = '';
      return;
    }
    const visible = visibleColumns();
    const top = scroller.scrollTop;
    // The scroller may still be shrink-wrapped around a placeholder row: plan for a full window of rows.
    const height = Math.max(scroller.clientHeight, window.innerHeight);
    const start = Math.max(0, Math.floor(top / ROW_HEIGHT) - 10);
    const end = Math.min(runs.length, Math.ceil((top + height) / ROW_HEIGHT) + 10);
    const key = `${start}:${end}:${runs.length}`;
    if (!force && key === painted) return;
    painted = key;
    let html = '<tr class="spacer"></tr>';
    for (let i = start; i < end; i++) {
      const run = runs[i];
      const selected = state.selected.has(run.run_id);
      html += `<tr data-run-id="${escapeHtml(run.run_id)}" class="${selected ? 'selected' : ''}"><td class="check"><input type="checkbox" data-run="${escapeHtml(run.run_id)}" aria-label="Select ${escapeHtml(run.name || run.run_id)}"${selected ? ' checked' : ''}></td>`;
      for (const column of visible) html += cellHtml(column, run);
      html += '</tr>';
    }
    html += '<tr class="spacer"></tr>';
    tbody.innerHTML = html;
    // Heights through the CSSOM: the Content-Security-Policy refuses style="" in markup.
    tbody.firstElementChild.style.height = `${start * ROW_HEIGHT}px`;
    tbody.lastElementChild.style.height = `${(runs.length - end) * ROW_HEIGHT}px`;
  }

  function cellHtml(column, run) {
    if (column.id === 'name') {
      return `<td class="name-cell"><a href="${hrefFor(['runs', run.run_id])}">${escapeHtml(cellText(column, run))}</a></td>`;
    }
    if (column.id === 'status') {
      return `<td><span class="pill pill-${escapeHtml(String(run.status).toLowerCase())}">${escapeHtml(run.status)}</span></td>`;
    }
    if (column.id === 'tags') {
      const tags = Object.entries(run.tags || {}).filter(([k]) => !k.startsWith('mlflow.')).map(([k, v]) => (v ? `${k}=${v}` : k));
      const chips = tags.map((tag) => `<span class="chip">${escapeHtml(tag)}</span>`).join('');
      return `<td class="tags-cell" title="${escapeHtml(tags.join('\n'))}">${chips}</td>`; // every tag in full on hover
    }
    const text = escapeHtml(cellText(column, run));
    return `<td class="${column.num ? 'num' : ''}" title="${text}">${text}</td>`;
  }

  function emptyRow(text) {
    return h('tr', { class: 'empty-row' }, h('td', { colspan: String(visibleColumns().length + 1), class: 'empty', text }));
  }

  function selectionChanged() {
    const n = state.selected.size;
    const runsText = n ? ` ${n} run${n === 1 ? '' : 's'}` : '';
    compareButton.textContent = 'Compare' + runsText;
    compareButton.disabled = n === 0;
    lifecycleButton.textContent = (state.view === 'active' ? 'Delete' : 'Restore') + runsText;
    lifecycleButton.disabled = n === 0;
    patchQuery({ sel: [...state.selected] });
  }

  /** Deletes or restores the selected runs, a few requests at a time, then shows the table again. */
  async function changeLifecycle(call, done) {
    const ids = [...state.selected];
    lifecycleButton.disabled = true;
    const failures = [];
    for (let i = 0; i < ids.length; i += 8) {
      const results = await Promise.allSettled(ids.slice(i, i + 8).map((id) => call(id)));
      results.forEach((result) => { if (result.status === 'rejected') failures.push(result.reason); });
    }
    state.selected.clear();
    selectionChanged();
    const changed = ids.length - failures.length;
    message.replaceChildren(failures.length ? errorBox(failures[0], `${failures.length} of ${ids.length} failed: `)
      : h('p', { class: 'notice', text: `${done} ${changed} run${changed === 1 ? '' : 's'}.` +
        (state.view === 'active' ? ' They are under Deleted, where they can be restored.' : '') }));
    await load();
  }

  function buildPicker() {
    const chosen = new Set(visibleColumns().map((c) => c.id));
    const search = h('input', { type: 'search', placeholder: 'Find a column', 'aria-label': 'Find a column', class: 'picker-search' });
    const groups = {};
    for (const column of columns) {
      if (column.id === 'name') continue;
      (groups[column.group] ||= []).push(column);
    }
    const body = h('div', { class: 'picker-body' }, Object.entries(groups).map(([group, list]) => h('fieldset', {},
      h('legend', { text: group }),
      list.map((column) => h('label', { class: 'picker-item', dataset: { search: `${column.label} ${column.sub || ''}`.toLowerCase() } },
        h('input', { type: 'checkbox', checked: chosen.has(column.id), dataset: { col: column.id }, onchange: (event) => {
          const current = new Set(visibleColumns().map((c) => c.id));
          if (event.target.checked) current.add(column.id); else current.delete(column.id);
          state.cols = columns.map((c) => c.id).filter((id) => current.has(id));
          patchQuery({ cols: state.cols });
          rebuild();
        } }),
        ` ${column.label}${column.sub ? ' · ' + column.sub : ''}`)))));
    search.addEventListener('input', () => {
      const needle = search.value.toLowerCase();
      body.querySelectorAll('.picker-item').forEach((item) => { item.hidden = needle && !item.dataset.search.includes(needle); });
    });
    const reset = h('button', { class: 'btn btn-small btn-ghost', text: 'Reset to default', onclick: () => {
      state.cols = null; patchQuery({ cols: null }); buildPicker(); rebuild();
    } });
    picker.replaceChildren(h('summary', { class: 'btn', id: 'column-picker', text: `Columns (${chosen.size}/${columns.length})` }),
      h('div', { class: 'picker-panel' }, h('div', { class: 'picker-head' }, search, reset), body));
  }

  function exportCsv() {
    const visible = visibleColumns();
    const quote = (text) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
    const header = ['run_id', ...visible.map((c) => (c.sub ? `${c.label} (${c.sub})` : c.label))];
    const lines = [header.map(quote).join(',')];
    for (const run of runs) {
      lines.push([run.run_id, ...visible.map((c) => {
        const value = c.value(run);
        return c.num && value != null && !c.text ? String(value) : cellText(c, run);
      })].map((text) => quote(String(text))).join(','));
    }
    const blob = new Blob([lines.join('\n') + '\n'], { type: 'text/csv' });
    const link = h('a', { href: URL.createObjectURL(blob), download: `runs-${experimentId}.csv` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }

  // Live: only RUNNING rows are re-read, so a 10,000-run table costs a few small requests per tick.
  function scheduleLive() {
    clearTimeout(liveTimer);
    if (disposed) return;
    liveTimer = setTimeout(async () => {
      const running = runs.filter((run) => run.status === 'RUNNING').slice(0, 50);
      if (running.length && !loading) {
        const fresh = await Promise.all(running.map((run) => api.getRun(run.run_id).catch(() => null)));
        for (const run of fresh) {
          if (!run) continue;
          const index = runs.findIndex((r) => r.run_id === run.run_id);
          if (index >= 0) runs[index] = run;
        }
        if (refreshColumns()) rebuild(); else paintRows(true);
      }
      scheduleLive();
    }, LIVE_POLL_MS);
  }

  load();
  return () => { disposed = true; clearTimeout(liveTimer); };
}
