// What the runs table asks the server for: its state as the URL holds it, the search request for each page and
// the server-side order for a sort. A sort the server refuses is done in the browser from then on (every
// matching run is loaded anyway).
import { api } from './api.js';
import { columnsFor } from './run-columns.js';
import { tableState, splitSort, orderByFor, searchRequest, takeEarly } from './runs-request.js';

export { tableState };

let serverSorts = true; // flips to false the first time the server rejects order_by

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

/**
 * Asks for the table's first page as soon as the router knows the route (app.js), while the view's other modules
 * still load, so the search overlaps those round trips instead of following them.
 */
export function askFirstPage(experimentId, query) {
  const state = tableState(query);
  const request = searchRequest(experimentId, state, serverOrderBy(state.sort), null);
  const key = JSON.stringify(request);
  // Asked already by runs-request.js when the page was loaded on this table (the same request, or asked again).
  const asked = takeEarly(experimentId);
  const page = asked && asked.key === key ? api.read(asked.page) : api.searchRuns(request);
  const views = asked ? api.read(asked.views) : null;
  page.catch(() => {}); // unused when the user left at once; a refusal is shown where the page is used
  if (views) views.catch(() => {});
  return { key, page, views };
}

/**
 * Asks for the first page at once, before the page is drawn or the saved views have arrived, so the first paint
 * waits for one round trip rather than two (`askedEarly`, a promise of askFirstPage's answer, is taken instead
 * when it asked for exactly that page). The returned pages() reads every page of the runs `state` selects, as
 * {runs, more}; its first page is that early answer when the request is still the same (it is used once).
 * Aborting `signal` ends the request under way (pages() then throws).
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
  return async function* pages(signal) {
    const orderBy = serverOrderBy(state.sort);
    let pageToken = null;
    for (;;) {
      const request = searchRequest(experimentId, state, orderBy, pageToken);
      let page;
      try {
        page = await (takePrefetched(request) || api.searchRuns(request, signal));
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
