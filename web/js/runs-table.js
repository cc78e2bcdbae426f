// Runs table of one experiment: virtual scrolling over every matching run, sort by any column, a filter
// box in the search language, a column picker, selection for compare, CSV export, live RUNNING rows that
// change only the cells that changed. Name and checkbox stay in view while the table scrolls sideways, and
// the scroll position survives a visit to a run and Back. This module draws the page and keeps its state;
// what it asks the server is runs-query.js; deleting, live rows and CSV are fetched when first needed.
import { api } from './api.js';
import { h, errorBox, lifecycleTabs } from './format.js';
import { hrefFor, patchQuery, navigate } from './state.js';
import { columnsFor, visibleByDefault, constantColumns, comparator } from './run-columns.js';
import { tableState, sortSpec, nextSort, runSearch } from './runs-query.js';
import { filterBox } from './filter-box.js';
import { runRows } from './runs-rows.js';
import { renderHeader } from './runs-header.js';
import { columnPicker } from './column-picker.js';
import { runGroups } from './grouping/run-groups.js';
import { viewsBar } from './views.js';
import { chartPanels } from './panels.js';
import { onRunColorsChange } from './run-colors.js';

export async function render(main, parts, query, early) {
  const experimentId = parts[1];
  const state = tableState(query);
  // The first page is asked for before anything else, together with the saved views (a default view is known
  // only once they arrive).
  const pages = runSearch(experimentId, state, early);
  const viewsBox = h('span');
  // The saved views too may have been asked for already (askFirstPage).
  const listed = early ? early.then((asked) => asked.views || api.listViews(experimentId)) : null;
  const views = viewsBar(experimentId, query, viewsBox, listed);
  // Where the table was scrolled when this history entry was left (Back restores it).
  const savedScroll = history.state && history.state.runsScroll;
  let runs = [];
  let columns = [];
  let constant = new Set();
  let loading = true;
  let disposed = false;
  let live = null;
  let aborter = null;         // ends the page requests of the load under way
  let interrupted = false;    // a load was stopped when the page was hidden

  const title = h('h1', { text: 'Runs' });
  const crumbs = h('nav', { class: 'crumbs' }, h('a', { href: '#/', text: 'Experiments' }), h('span', { text: '/' }));
  const filter = filterBox(state.filter, applyFilter);
  const count = h('span', { class: 'muted', id: 'run-count' });
  const compareButton = h('button', { class: 'btn btn-primary', id: 'compare-button', disabled: true, onclick: () =>
    navigate(['compare'], { runs: [...state.selected], exp: experimentId }) });
  const lifecycleButton = state.view === 'active' ? h('button', { class: 'btn danger', id: 'delete-runs', onclick: () => changeLifecycle() })
    : h('button', { class: 'btn', id: 'restore-runs', onclick: () => changeLifecycle() });
  const message = h('div', { id: 'runs-message', role: 'status' });
  const experimentNotice = h('div');
  const tabs = lifecycleTabs(state.view, (name) =>
    navigate(['experiments', experimentId], { view: name === 'active' ? null : name, filter: state.filter }), 'run-view');
  const picker = h('details', { class: 'column-picker' });
  const exportButton = h('button', { class: 'btn', id: 'export-csv', text: 'Export CSV', onclick: () => import('./runs-export.js')
    .then(({ downloadRunsCsv }) => downloadRunsCsv(`runs-${experimentId}.csv`, runs, visibleColumns())) });
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
    h('div', { class: 'toolbar' }, tabs, filter.element, picker),
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

  function applyFilter(text) {
    state.filter = text;
    patchQuery({ filter: text });
    load();
  }

  function visibleColumns() {
    const chosen = state.cols ? new Set(state.cols) : null;
    return columns.filter((column) => column.id === 'name' || ((chosen ? chosen.has(column.id) : visibleByDefault(column))
      && !(state.hideConstant && constant.has(column.id))));
  }

  /** Columns whose every loaded run shows the same text (checked when asked for, not on every live tick). */
  function findConstant() {
    constant = state.hideConstant ? constantColumns(columns, runs) : new Set();
  }

  function sortRuns() {
    const spec = sortSpec(state.sort, columns);
    if (spec) runs.sort(comparator(spec.column, spec.direction));
  }

  async function load() {
    const mine = {};
    load.current = mine;
    if (aborter) aborter.abort(); // a reload (filter, delete) leaves no page of the previous one behind
    aborter = new AbortController();
    const { signal } = aborter;
    loading = true;
    scroller.dataset.state = 'loading';
    runs = [];
    filter.clearError();
    count.textContent = 'Loading…';
    rebuild();
    let first = true;
    try {
      for await (const page of pages(signal)) {
        if (load.current !== mine || disposed) return;
        runs.push(...page.runs);
        const columnsChanged = refreshColumns();
        sortRuns();
        if (first || columnsChanged) rebuild(); else body.paint();
        if (first && savedScroll) scroller.scrollLeft = savedScroll.left;
        count.textContent = `${runs.length.toLocaleString()}${page.more ? '+' : ''} runs`;
        first = false;
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

  /**
   * Ends the load under way, if any: its request is aborted, so the server stops writing a 5,000-run page nobody
   * will read (a page left for the back-forward cache keeps its requests open, and its answers would go on being
   * read and written on the server while the next page waits for it). True when a load was stopped.
   */
  function stopLoading() {
    if (!loading || !load.current) return false;
    load.current = null;
    aborter.abort();
    return true;
  }

  function showLoadError(e) {
    count.textContent = '';
    if (state.filter && e.status === 400) {
      filter.showError(e.message); // the designed place for a filter mistake
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
    const spec = sortSpec(state.sort, columns);
    renderHeader(table, colgroup, thead, visibleColumns(), {
      sort: spec ? { id: spec.column.id, direction: spec.direction } : null,
      onSort: (column) => setSort(nextSort(column, spec)),
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

  function setSort(sort) {
    state.sort = sort;
    patchQuery({ sort });
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

  /** Deletes (Active tab) or restores (Deleted tab) the selected runs, then shows the table again. */
  async function changeLifecycle() {
    const ids = [...state.selected];
    lifecycleButton.disabled = true;
    const notice = await import('./runs-lifecycle.js').then((lifecycle) => lifecycle.changeLifecycle(ids, state.view));
    state.selected.clear();
    selectionChanged();
    message.replaceChildren(notice);
    await load();
  }

  /** Keeps the RUNNING rows current from the first complete load on (again after every reload). */
  function scheduleLive() {
    import('./runs-live.js').then(({ liveRuns }) => {
      if (disposed) return;
      live = live || liveRuns({ runs: () => runs, busy: () => loading,
        changed: () => { if (refreshColumns()) rebuild(); else body.paint(); } });
      live.start();
    });
  }

  // Leaving the page (a reload, another address) stops loading; back from the back-forward cache, the table loads
  // again what it had not finished loading.
  const onPageHide = () => { interrupted = stopLoading() || interrupted; };
  const onPageShow = (event) => {
    if (event.persisted && interrupted && !disposed) { interrupted = false; load(); }
  };
  window.addEventListener('pagehide', onPageHide);
  window.addEventListener('pageshow', onPageShow);
  // A colour picked or made distinct elsewhere (the charts, the compare page, another tab) repaints the swatches.
  const stopColors = onRunColorsChange(() => body.paint());
  load();
  return () => {
    disposed = true;
    stopLoading();
    window.removeEventListener('pagehide', onPageHide);
    window.removeEventListener('pageshow', onPageShow);
    stopColors();
    if (live) live.stop();
    cancelAnimationFrame(scrollFrame);
  };
}
