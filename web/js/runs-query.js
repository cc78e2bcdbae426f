// What the runs table asks the server for: its state as the URL holds it, the search request for each page and
// the server-side order for a sort. A sort the server refuses is done in the browser from then on (every
// matching run is loaded anyway).
import { api } from './api.js';
import { listParam } from './state.js';
import { columnsFor } from './run-columns.js';

const FIRST_PAGE = 200;
const NEXT_PAGE = 5000;
let serverSorts = true; // flips to false the first time the server rejects order_by

/** The table's state from the URL's query; the view changes it as the user does. */
export function tableState(query) {
  return {
    filter: query.get('filter') || '',
    sort: query.get('sort') || '',              // "<column id>:asc|desc"
    cols: query.has('cols') ? listParam(query, 'cols') : null,
    hideConstant: query.get('hide') === 'constant',
    selected: new Set(listParam(query, 'sel')),
    view: query.get('view') === 'deleted' ? 'deleted' : 'active',
  };
}

/** "m:last:loss:desc" → ["m:last:loss", "desc"]: column ids contain colons themselves. */
const splitSort = (sort) => {
  const i = sort.lastIndexOf(':');
  return i < 0 ? [sort, 'asc'] : [sort.slice(0, i), sort.slice(i + 1) === 'desc' ? 'desc' : 'asc'];
};

/** The sort as {column, direction} when it names one of `columns`, else null. */
export function sortSpec(sort, columns) {
  const [id, direction] = splitSort(sort);
  const column = columns.find((c) => c.id === id);
  return column ? { column, direction } : null;
}

/**
 * The sort after a click on `column`'s header: the other direction of the current one, else a number column
 * (metrics, times) starts with the largest first, as MLflow's runs table starts every column it sorts, and text
 * starts A to Z, which is what a click on Name is for.
 */
export function nextSort(column, spec) {
  const current = spec && spec.column.id === column.id ? spec.direction : null;
  const direction = current ? (current === 'asc' ? 'desc' : 'asc') : column.num ? 'desc' : 'asc';
  return `${column.id}:${direction}`;
}

/** The server-side order for the table's sort, or none when the browser sorts. */
function serverOrderBy(sort) {
  const [sortId, direction] = splitSort(sort);
  const sortColumn = columnsFor([]).find((c) => c.id === sortId);
  return sortId && serverSorts ? [orderByFor(sortId, direction, sortColumn)].filter(Boolean) : [];
}

function orderByFor(sortId, direction, column) {
  if (column && column.orderBy) return `${column.orderBy} ${direction.toUpperCase()}`;
  const match = /^(p|m):(?:last:)?(.*)$/.exec(sortId);
  if (!match || (match[1] === 'm' && !sortId.startsWith('m:last:'))) return null;
  return `${match[1] === 'p' ? 'params' : 'metrics'}.\`${match[2]}\` ${direction.toUpperCase()}`;
}

/** One page of the table's runs; the first page is small so that the table paints sooner. */
function searchRequest(experimentId, state, orderBy, pageToken) {
  const request = { experiment_ids: [experimentId], view: state.view, max_results: pageToken ? NEXT_PAGE : FIRST_PAGE };
  if (state.filter) request.filter = state.filter;
  if (orderBy.length) request.order_by = orderBy;
  if (pageToken) request.page_token = pageToken;
  return request;
}

/**
 * Asks for the table's first page as soon as the router knows the route (app.js), while the view's other modules
 * still load, so the search overlaps those round trips instead of following them.
 */
export function askFirstPage(experimentId, query) {
  const state = tableState(query);
  const request = searchRequest(experimentId, state, serverOrderBy(state.sort), null);
  const page = api.searchRuns(request);
  page.catch(() => {}); // unused when the user left at once; a refusal is shown where the page is used
  return { key: JSON.stringify(request), page };
}

/**
 * Asks for the first page at once, before the page is drawn or the saved views have arrived, so the first paint
 * waits for one round trip rather than two (`askedEarly`, a promise of askFirstPage's answer, is taken instead
 * when it asked for exactly that page). The returned pages() reads every page of the runs `state` selects, as
 * {runs, more}; its first page is that early answer when the request is still the same (it is used once).
 */
export function runSearch(experimentId, state, askedEarly = null) {
  const firstRequest = searchRequest(experimentId, state, serverOrderBy(state.sort), null);
  const key = JSON.stringify(firstRequest);
  const page = !askedEarly ? api.searchRuns(firstRequest) : askedEarly.catch(() => null)
    .then((asked) => (asked && asked.key === key ? asked.page : api.searchRuns(firstRequest)));
  let prefetched = { key, page };
  prefetched.page.catch(() => {}); // a refusal is shown where the page is used
  const takePrefetched = (request) => {
    const early = prefetched && prefetched.key === JSON.stringify(request) ? prefetched.page : null;
    prefetched = null;
    return early;
  };
  return async function* pages() {
    const orderBy = serverOrderBy(state.sort);
    let pageToken = null;
    for (;;) {
      const request = searchRequest(experimentId, state, orderBy, pageToken);
      let page;
      try {
        page = await (takePrefetched(request) || api.searchRuns(request));
      } catch (e) {
        if (orderBy.length && e.status === 400 && /order_by/i.test(e.message)) {
          serverSorts = false; // sort in the browser instead
          orderBy.length = 0;
          continue;
        }
        throw e;
      }
      pageToken = page.next_page_token || null;
      yield { runs: page.runs, more: Boolean(pageToken) };
      if (!pageToken) return;
    }
  };
}
