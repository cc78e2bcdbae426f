// Runs table of one experiment: virtual scrolling over every matching run, sort by any column, a filter
// box in the search language, a column picker, selection for compare, CSV export, live RUNNING rows that
// change only the cells that changed. Name and checkbox stay in view while the table scrolls sideways, and
// the scroll position survives a visit to a run and Back.
import { api } from './api.js';
import { h, errorBox, lifecycleTabs, download } from './format.js';
import { hrefFor, patchQuery, listParam, navigate } from './state.js';
import { columnsFor, visibleByDefault, cellText, comparator } from './run-columns.js';
import { runRows } from './runs-rows.js';
import { renderHeader } from './runs-header.js';
import { columnPicker } from './column-picker.js';
import { runsCsv } from './runs-export.js';
import { runGroups } from './grouping/run-groups.js';
import { viewsBar } from './views.js';
import { chartPanels } from './panels.js';

const FIRST_PAGE = 200;
const NEXT_PAGE = 5000;
const LIVE_POLL_MS = 1000;
let serverSorts = true; // flips to false the first time the server rejects order_by

/** "m:last:loss:desc" → ["m:last:loss", "desc"]: column ids contain colons themselves. */
const splitSort = (sort) => {
  const i = sort.lastIndexOf(':');
  return i < 0 ? [sort, 'asc'] : [sort.slice(0, i), sort.slice(i + 1) === 'desc' ? 'desc' : 'asc'];
};

export async function render(main, parts, query) {
  const experimentId = parts[1];
  const state = {
    filter: query.get('filter') || '',
    sort: query.get('sort') || '',              // "<column id>:asc|desc"
    cols: query.has('cols') ? listParam(query, 'cols') : null,
    hideConstant: query.get('hide') === 'constant',
    selected: new Set(listParam(query, 'sel')),
    view: query.get('view') === 'deleted' ? 'deleted' : 'active',
  };
  // The first page is asked for before anything else, together with the saved views (a default view is known
  // only once they arrive), so the first paint waits for one round trip rather than two.
  const firstRequest = searchRequest(serverOrderBy(), null);
  let prefetched = { key: JSON.stringify(firstRequest), page: api.searchRuns(firstRequest) };
  prefetched.page.catch(() => {}); // a refusal is shown where the page is used
  const viewsBox = h('span');
  const views = viewsBar(experimentId, query, viewsBox);
  // Where the table was scrolled when this history entry was left (Back restores it).
  const savedScroll = history.state && history.state.runsScroll;
  let runs = [];
  let columns = [];
  let constant = new Set();
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
  const body = runRows(tbody, scroller, {
    runs: () => runs,
    columns: () => visibleColumns(),
    isSelected: (runId) => state.selected.has(runId),
    emptyText: () => (loading ? 'Loading runs…' : state.filter ? 'No run matches this filter.'
      : state.view === 'deleted' ? 'No deleted runs.' : 'No runs in this experiment yet.'),
  });
  const columnChooser = columnPicker(picker, {
    columns: () => columns,
    shownIds: () => new Set(visibleColumns().map((c) => c.id)),
    hideConstant: () => state.hideConstant,
    onToggle: (id, shown) => {
      const current = new Set(visibleColumns().map((c) => c.id));
      if (shown) current.add(id); else current.delete(id);
      state.cols = columns.map((c) => c.id).filter((cid) => current.has(cid));
      patchQuery({ cols: state.cols });
      rebuild();
    },
    onReset: () => { state.cols = null; patchQuery({ cols: null }); rebuild(); },
    onHideConstant: (hide) => {
      state.hideConstant = hide;
      patchQuery({ hide: hide ? 'constant' : null });
      findConstant();
      rebuild();
    },
  });

  filterInput.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') applyFilter(filterInput.value.trim());
    if (event.key === 'Escape') { filterInput.value = ''; applyFilter(''); }
  });
  let scrollFrame = 0;
  scroller.addEventListener('scroll', () => {
    if (scrollFrame) return;
    scrollFrame = requestAnimationFrame(() => {
      scrollFrame = 0;
      body.paint();
      rememberScroll();
    });
  }, { passive: true });
  tbody.addEventListener('change', (event) => {
    const box = event.target.closest('input[data-run]');
    if (!box) return;
    if (box.checked) state.selected.add(box.dataset.run); else state.selected.delete(box.dataset.run);
    box.closest('tr').classList.toggle('selected', box.checked);
    selectionChanged();
  });

  const tableCard = h('div', { class: 'card table-card' }, scroller);
  const groups = runGroups(query, experimentId, () => runs, tableCard);
  const panels = chartPanels(query);
  let panelTimer = 0;
  const refreshPanels = (delayMs) => {
    clearTimeout(panelTimer);
    panelTimer = setTimeout(() => { if (!disposed) panels.refresh(runs, state.selected); }, delayMs);
  };
  // Only a URL without any state can open the default view; other pages draw the table without waiting.
  if (![...query.keys()].length && await views) return null;
  main.append(
    h('div', { class: 'page-header' }, h('div', {}, crumbs, title, count),
      h('div', { class: 'header-actions' }, h('a', { class: 'btn', id: 'sweeps-link', href: `#/experiments/${encodeURIComponent(experimentId)}/sweeps`, text: 'Sweeps' }),
        lifecycleButton, exportButton, compareButton)),
    h('div', { class: 'toolbar' }, tabs, h('div', { class: 'filter-wrap' }, filterInput, filterError), picker),
    h('div', { class: 'analysis-bar' }, viewsBox, groups.controls, panels.toggle),
    experimentNotice,
    message,
    // The chart panels sit beside the table (issue 16), so charts and the runs they draw are seen together.
    h('div', { class: 'workspace' }, h('div', { class: 'workspace-main' }, groups.element, tableCard), panels.element));
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

  function rememberScroll() {
    history.replaceState({ ...(history.state || {}), runsScroll: { left: scroller.scrollLeft, top: scroller.scrollTop } }, '');
  }

  function applyFilter(filter) {
    state.filter = filter;
    patchQuery({ filter });
    load();
  }

  function visibleColumns() {
    const chosen = state.cols ? new Set(state.cols) : null;
    return columns.filter((column) => column.id === 'name' || ((chosen ? chosen.has(column.id) : visibleByDefault(column))
      && !(state.hideConstant && constant.has(column.id))));
  }

  /** Columns whose every loaded run shows the same text (checked when asked for, not on every live tick). */
  function findConstant() {
    constant = new Set();
    if (!state.hideConstant || runs.length < 2) return;
    for (const column of columns) {
      if (column.id === 'name') continue;
      const first = cellText(column, runs[0]);
      if (runs.every((run) => cellText(column, run) === first)) constant.add(column.id);
    }
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
    const orderBy = serverOrderBy();
    let pageToken = null;
    let first = true;
    try {
      for (;;) {
        const request = searchRequest(orderBy, pageToken);
        let page;
        try {
          page = await (takePrefetched(request) || api.searchRuns(request));
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
        if (first || columnsChanged) rebuild(); else body.paint();
        if (first && savedScroll) scroller.scrollLeft = savedScroll.left;
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
    if (state.hideConstant) { findConstant(); rebuild(); }
    if (savedScroll) {
      scroller.scrollLeft = savedScroll.left;
      scroller.scrollTop = savedScroll.top;
      body.paint();
    }
    scroller.dataset.state = 'ready';
    groups.refresh();
    refreshPanels(0);
    if (load.current === mine) count.textContent = `${runs.length.toLocaleString()} run${runs.length === 1 ? '' : 's'}`;
    if (!runs.length) body.paint();
    scheduleLive();
  }

  /** The server-side order for the table's sort, or none when the browser sorts. */
  function serverOrderBy() {
    const [sortId, direction] = splitSort(state.sort);
    const sortColumn = columnsFor([]).find((c) => c.id === sortId);
    return sortId && serverSorts ? [orderByFor(sortId, direction, sortColumn)].filter(Boolean) : [];
  }

  /** One page of the table's runs; the first page is small so that the table paints sooner. */
  function searchRequest(orderBy, pageToken) {
    const request = { experiment_ids: [experimentId], view: state.view, max_results: pageToken ? NEXT_PAGE : FIRST_PAGE };
    if (state.filter) request.filter = state.filter;
    if (orderBy.length) request.order_by = orderBy;
    if (pageToken) request.page_token = pageToken;
    return request;
  }

  /** The first page asked for before the saved views arrived, if it is this request; used once. */
  function takePrefetched(request) {
    const early = prefetched && prefetched.key === JSON.stringify(request) ? prefetched.page : null;
    prefetched = null;
    return early;
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
      body.message(h('span', { class: 'empty', text: 'Fix the filter and press Enter.' }));
    } else {
      body.message(errorBox(e));
    }
  }

  /** Columns from the loaded runs; true when they changed. */
  function refreshColumns() {
    const next = columnsFor(runs);
    const changed = next.length !== columns.length || next.some((c, i) => c.id !== columns[i].id);
    columns = next;
    return changed; // the caller rebuilds the header and the picker when they changed
  }

  function rebuild() {
    if (!columns.length) columns = columnsFor(runs);
    const spec = sortSpec();
    renderHeader(table, colgroup, thead, visibleColumns(), {
      sort: spec ? { id: spec.column.id, direction: spec.direction } : null,
      onSort: (column) => setSort(column, spec && spec.column.id === column.id ? spec.direction : null),
      allSelected: runs.length > 0 && runs.every((run) => state.selected.has(run.run_id)),
      onSelectAll: (checked) => {
        for (const run of runs) if (checked) state.selected.add(run.run_id); else state.selected.delete(run.run_id);
        body.paint();
        selectionChanged();
      },
    });
    columnChooser.refresh();
    body.paint();
  }

  // A number column (metrics, times) starts with the largest first, as MLflow's runs table starts every
  // column it sorts; text starts A to Z, which is what a click on Name is for.
  function setSort(column, current) {
    const direction = current ? (current === 'asc' ? 'desc' : 'asc') : column.num ? 'desc' : 'asc';
    state.sort = `${column.id}:${direction}`;
    patchQuery({ sort: state.sort });
    sortRuns();
    rebuild();
  }

  function selectionChanged() {
    if (!loading) refreshPanels(600); // the charts show the selection once the clicking stops
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

  function exportCsv() {
    const extraStats = visibleColumns().filter((c) => c.id.startsWith('m:') && c.sub !== 'last').map((c) => ({ key: c.label, stat: c.sub }));
    const url = URL.createObjectURL(new Blob([runsCsv(runs, extraStats)], { type: 'text/csv' }));
    download(`runs-${experimentId}.csv`, url);
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  // Live: only RUNNING rows are re-read, so a 10,000-run table costs a few small requests per tick.
  function scheduleLive() {
    clearTimeout(liveTimer);
    if (disposed) return;
    liveTimer = setTimeout(async () => {
      const running = runs.filter((run) => run.status === 'RUNNING').slice(0, 50);
      if (running.length && !loading) {
        const fresh = await Promise.all(running.map((run) => api.getRun(run.run_id).catch(() => null)));
        if (disposed || loading) return;
        for (const run of fresh) {
          if (!run) continue;
          const index = runs.findIndex((r) => r.run_id === run.run_id);
          if (index >= 0) runs[index] = run;
        }
        if (refreshColumns()) rebuild(); else body.paint();
      }
      scheduleLive();
    }, LIVE_POLL_MS);
  }

  load();
  return () => { disposed = true; clearTimeout(liveTimer); cancelAnimationFrame(scrollFrame); };
}
