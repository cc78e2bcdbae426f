// share.html#shr_…: a read-only share link. The link is in the fragment, which the browser never sends to a
// server or in a Referer; it is exchanged for the HttpOnly cookie and removed from the address bar.
import { api } from './api.js';
import { h, errorBox } from './format.js';

const main = document.getElementById('view');
const link = decodeURIComponent(location.hash.replace(/^#/, ''));
history.replaceState(null, '', location.pathname);
try {
  const who = await api.login(link);
  const runs = who.share ? who.share.run_ids : [];
  const target = runs.length === 1 ? `#/runs/${encodeURIComponent(runs[0])}` : `#/compare?runs=${runs.map(encodeURIComponent).join(',')}`;
  location.replace('/' + target);
} catch (e) {
  main.replaceChildren(h('div', { class: 'card section' }, h('h2', { text: 'This link does not work' }),
    errorBox(e, 'It may have expired or been revoked.')));
}
