// Deleting and restoring the runs selected in the table (fetched on the first click). Deleting is soft: deleted
// runs wait under the Deleted tab, where they can be restored.
import { api } from './api.js';
import { h, errorBox } from './format.js';

/** Deletes (view 'active') or restores (view 'deleted') the runs, a few requests at a time; the notice to show. */
export async function changeLifecycle(ids, view) {
  const call = view === 'active' ? api.deleteRun : api.restoreRun;
  const failures = [];
  for (let i = 0; i < ids.length; i += 8) {
    const results = await Promise.allSettled(ids.slice(i, i + 8).map((id) => call(id)));
    results.forEach((result) => { if (result.status === 'rejected') failures.push(result.reason); });
  }
  const changed = ids.length - failures.length;
  return failures.length ? errorBox(failures[0], `${failures.length} of ${ids.length} failed: `)
    : h('p', { class: 'notice', text: `${view === 'active' ? 'Deleted' : 'Restored'} ${changed} run${changed === 1 ? '' : 's'}.` +
      (view === 'active' ? ' They are under Deleted, where they can be restored.' : '') });
}
