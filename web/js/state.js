// View state lives in the URL hash: "#/route/part?key=value&...". Views read it with currentRoute() and
// change it with navigate()/patchQuery(), so a copied link reproduces the view.

export function currentRoute() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, search = ''] = hash.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { parts, query: new URLSearchParams(search) };
}

export function hrefFor(parts, query = {}) {
  const path = '#/' + parts.map(encodeURIComponent).join('/');
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value == null || value === '' || value === false) continue;
    params.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

export function navigate(parts, query = {}) {
  location.hash = hrefFor(parts, query);
}

/**
 * Rewrites query keys of the current route without re-rendering the view (history.replaceState does not
 * fire hashchange): used for state the view already shows, such as sort, selection or chart options.
 */
export function patchQuery(changes) {
  const { parts, query } = currentRoute();
  for (const [key, value] of Object.entries(changes)) {
    if (value == null || value === '' || value === false || (Array.isArray(value) && value.length === 0)) query.delete(key);
    else query.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const search = query.toString();
  const path = '#/' + parts.map(encodeURIComponent).join('/');
  history.replaceState(history.state, '', search ? `${path}?${search}` : path); // keeps what views saved there (scroll)
}

export const listParam = (query, key) => (query.get(key) || '').split(',').filter(Boolean);
