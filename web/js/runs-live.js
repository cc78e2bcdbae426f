// Live rows of the runs table (fetched once the first load is done): only RUNNING runs are re-read, at most 50
// a second, so a 10,000-run table costs a few small requests per tick.
import { api } from './api.js';

const LIVE_POLL_MS = 1000;
const MAX_RUNNING = 50;

/**
 * source: {runs() (the table's runs, replaced in place), busy() (a reload is under way), changed() (repaint)}.
 * start() schedules the next tick (again after each reload); stop() ends polling for good.
 */
export function liveRuns(source) {
  let timer = null;
  let stopped = false;
  function start() {
    clearTimeout(timer);
    if (stopped) return;
    timer = setTimeout(async () => {
      const running = source.runs().filter((run) => run.status === 'RUNNING').slice(0, MAX_RUNNING);
      if (running.length && !source.busy()) {
        const fresh = await Promise.all(running.map((run) => api.getRun(run.run_id).catch(() => null)));
        if (stopped || source.busy()) return; // the reload starts polling again when it is done
        const runs = source.runs();
        for (const run of fresh) {
          if (!run) continue;
          const index = runs.findIndex((r) => r.run_id === run.run_id);
          if (index >= 0) runs[index] = run;
        }
        source.changed();
      }
      start();
    }, LIVE_POLL_MS);
  }
  return { start, stop: () => { stopped = true; clearTimeout(timer); } };
}
