// The runs table as CSV for pandas and spreadsheets: one row per run, one column per attribute, param,
// metric and tag (named like MLflow's search_runs frame: params.lr, metrics.val/loss, tags.team), numbers
// at full precision (they read back as the same doubles), times in ISO-8601 UTC, durations in seconds.
import { toCsv } from './csv.js';
import { download } from './format.js';
import { durationMs } from './run-columns.js';

const iso = (ms) => (ms == null ? '' : new Date(ms).toISOString());

/** A metric value as pandas reads it: shortest round-trip decimal, NaN, inf, -inf. */
export function csvNumber(value) {
  if (value == null || value === '') return '';
  if (value === 'NaN' || Number.isNaN(value)) return 'NaN';
  if (value === 'Infinity' || value === Infinity) return 'inf';
  if (value === '-Infinity' || value === -Infinity) return '-inf';
  return String(value);
}

const sortKeys = (keys) => [...keys].sort((a, b) => (a.startsWith('system/') - b.startsWith('system/')) || a.localeCompare(b));

/**
 * runs: in table order. extraStats: metric columns the user shows besides the last value, as [{key, stat}]
 * ('min' / 'max'); they are exported as "metrics.<key> (min)".
 */
export function runsCsv(runs, extraStats = []) {
  const keysOf = (field) => sortKeys(new Set(runs.flatMap((run) => Object.keys(run[field] || {}))));
  const params = keysOf('params');
  const metrics = keysOf('metrics');
  const tags = keysOf('tags');
  const nested = runs.some((run) => run.parent_run_id);
  const header = ['run_id', 'name', 'experiment_id', 'status', 'user', 'start_time', 'end_time', 'duration_s',
    ...(nested ? ['parent_run_id'] : []),
    ...params.map((key) => `params.${key}`),
    ...metrics.map((key) => `metrics.${key}`),
    ...extraStats.map(({ key, stat }) => `metrics.${key} (${stat})`),
    ...tags.map((key) => `tags.${key}`)];
  const rows = runs.map((run) => {
    const duration = durationMs(run);
    const metric = (key, stat) => csvNumber(((run.metrics || {})[key] || {})[stat]);
    return [run.run_id, run.name || '', run.experiment_id || '', run.status || '', run.user || '',
      iso(run.start_time_ms), iso(run.end_time_ms), duration == null ? '' : String(duration / 1000),
      ...(nested ? [run.parent_run_id || ''] : []),
      ...params.map((key) => (run.params || {})[key] ?? ''),
      ...metrics.map((key) => metric(key, 'last')),
      ...extraStats.map(({ key, stat }) => metric(key, stat)),
      ...tags.map((key) => (run.tags || {})[key] ?? '')];
  });
  return toCsv([header, ...rows]);
}

/** Downloads the runs as a CSV file, with a "(min)"/"(max)" column for each such metric column shown. */
export function downloadRunsCsv(filename, runs, shownColumns) {
  const extraStats = shownColumns.filter((c) => c.id.startsWith('m:') && c.sub !== 'last').map((c) => ({ key: c.label, stat: c.sub }));
  const url = URL.createObjectURL(new Blob([runsCsv(runs, extraStats)], { type: 'text/csv' }));
  download(filename, url);
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
