// The runs table's search request, in a module without imports: index.html loads it beside app.js, so a runs
// table opened by its URL asks for its first page and the experiment's saved views as soon as this one small file
// is in, instead of after the three rounds of module fetches it takes to reach runs-query.js (~300 ms more).
// runs-query.js builds every request with the same functions, so the early request is used only when it is
// exactly the one the table would ask for.

export const FIRST_PAGE = 200;
export const NEXT_PAGE = 5000;

/** The table's state from the URL's query; the view changes it as the user does. */
export function tableState(query) {
  const list = (key) => (query.get(key) || '').split(',').filter(Boolean);
  return {
    filter: query.get('filter') || '',
    sort: query.get('sort') || '',              // "<column id>:asc|desc"
    cols: query.has('cols') ? list('cols') : null,
    hideConstant: query.get('hide') === 'constant',
    selected: new Set(list('sel')),
    view: query.get('view') === 'deleted' ? 'deleted' : 'active',
  };
}

/** "m:last:loss:desc" → ["m:last:loss", "desc"]: column ids contain colons themselves. */
export const splitSort = (sort) => {
  const i = sort.lastIndexOf(':');
  return i < 0 ? [sort, 'asc'] : [sort.slice(0, i), sort.slice(i + 1) === 'desc' ? 'desc' : 'asc'];
};

/** The server's order_by term for a sort by `sortId` (`column`: one of the fixed columns, or none), or null. */
export function orderByFor(sortId, direction, column) {
  if (column && column.orderBy) return `${column.orderBy} ${direction.toUpperCase()}`;
  const match = /^(p|m):(?:last:)?(.*)$/.exec(sortId);
  if (!match || (match[1] === 'm' && !sortId.startsWith('m:last:'))) return null;
  return `${match[1] === 'p' ? 'params' : 'metrics'}.\`${match[2]}\` ${direction.toUpperCase()}`;
}

/** One page of the table's runs; the first page is small so that the table paints sooner. */
export function searchRequest(experimentId, state, orderBy, pageToken) {
  const request = { experiment_ids: [experimentId], view: state.view, max_results: pageToken ? NEXT_PAGE : FIRST_PAGE };
  if (state.filter) request.filter = state.filter;
  if (orderBy.length) request.order_by = orderBy;
  if (pageToken) request.page_token = pageToken;
  return request;
}

let early = askedAtLoad();

/**
 * The first page's and the saved views' responses (promises of fetch Responses) when the page was loaded on the
 * runs table of `experimentId`, else null; given once, since a later visit must ask again.
 */
export function takeEarly(experimentId) {
  const asked = early && early.experimentId === experimentId ? early : null;
  early = null;
  return asked;
}

function askedAtLoad() {
  const [path, search = ''] = (location.hash.replace(/^#/, '') || '/').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length !== 2 || parts[0] !== 'experiments') return null;
  const state = tableState(new URLSearchParams(search));
  const [sortId, direction] = splitSort(state.sort);
  // A sort by a fixed column (name, start…) is left to the table, which knows those columns' order_by.
  const orderBy = sortId ? [orderByFor(sortId, direction, null)] : [];
  if (orderBy.includes(null)) return null;
  const request = searchRequest(parts[1], state, orderBy, null);
  const headers = { 'X-Sextant-CSRF': '1' }; // as api.js sends on every call
  const asked = {
    experimentId: parts[1],
    key: JSON.stringify(request),
    page: fetch('/api/v1/runs/search', { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify(request) }),
    views: fetch(`/api/v1/experiments/${encodeURIComponent(parts[1])}/views`, { headers }),
  };
  asked.page.catch(() => {}); // a failure is reported where the response is read
  asked.views.catch(() => {});
  return asked;
}
