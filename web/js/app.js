// Hash router: picks the view module for the current URL and gives it the main element. A view's render()
// may return a cleanup function (stops polling, removes listeners) that runs before the next view.
import { currentRoute } from './state.js';
import { h, errorBox } from './format.js';

// Each view's modules are fetched when the view is first opened: a page then waits only for its own module
// graph (about 18 files for the runs table), not for every view's (44), each revalidated on every visit.
const experiments = () => import('./experiments.js');
const runsTable = () => import('./runs-table.js');
const runPage = () => import('./run-page.js');
const compare = () => import('./compare.js');
const models = () => import('./models.js');
const sweepsList = () => import('./sweeps-list.js');
const sweepPage = () => import('./sweep-page.js');

const main = document.getElementById('view');
let cleanup = null;
let generation = 0;

function viewFor(parts) {
  if (parts.length === 0 || parts[0] === 'experiments' && parts.length === 1) return experiments;
  if (parts[0] === 'experiments' && parts[2] === 'sweeps') return sweepsList;
  if (parts[0] === 'experiments') return runsTable;
  if (parts[0] === 'sweeps' && parts[1]) return sweepPage;
  if (parts[0] === 'runs' && parts[1]) return runPage;
  if (parts[0] === 'compare') return compare;
  if (parts[0] === 'models') return models;
  return null;
}

async function route() {
  if (typeof cleanup === 'function') cleanup();
  cleanup = null;
  const mine = ++generation;
  const { parts, query } = currentRoute();
  // MLflow clients print "View run at <server>/#/experiments/<id>/runs/<run_id>" after every run: open that run.
  if (parts[0] === 'experiments' && parts[2] === 'runs' && parts[3]) {
    location.replace('#/runs/' + encodeURIComponent(parts[3]));
    return;
  }
  const loadView = viewFor(parts);
  main.replaceChildren();
  document.querySelectorAll('.nav a').forEach((a) => a.classList.toggle('active', a.dataset.view === parts[0] ||
    (!parts[0] && a.dataset.view === 'experiments')));
  if (!loadView) {
    main.append(h('div', { class: 'empty' }, h('h2', { text: 'Nothing here' }), h('a', { href: '#/', text: 'Back to experiments' })));
    return;
  }
  // A runs table's first page is asked for as soon as its small query module is in, while the view's ~18 modules
  // still arrive (importing that module up front instead delays every page's router by its imports: measured slower).
  const early = loadView === runsTable ? import('./runs-query.js').then((q) => q.askFirstPage(parts[1], query)) : null;
  try {
    const view = await loadView();
    if (mine !== generation) return; // the user went elsewhere while the view's modules loaded
    const result = await view.render(main, parts, query, early);
    if (mine === generation) cleanup = result;
    else if (typeof result === 'function') result();
  } catch (e) {
    console.warn('view failed', e);
    main.append(errorBox(e));
  }
}

// Auth is on and the cookie is missing, expired or revoked: ask for a token, then show the view again.
let prompting = false;
window.addEventListener('sextant:login-required', () => {
  if (prompting) return;
  prompting = true;
  if (typeof cleanup === 'function') cleanup();
  cleanup = null;
  generation++;
  import('./login.js').then(({ renderLogin }) => renderLogin(main, () => { prompting = false; route(); }));
});

window.addEventListener('hashchange', route);
route();
