// Column model of the runs table: attributes, every param, and last/min/max of every metric. Each column
// knows how to show, compare and export a run's value, and the order_by clause the server understands.
import { formatNumber, formatTime, formatDuration } from './format.js';

const numeric = (value) => (typeof value === 'number' ? value : value === 'NaN' ? NaN : value === 'Infinity' ? Infinity : value === '-Infinity' ? -Infinity : null);
const backtick = (key) => '`' + key.replace(/`/g, '') + '`';

export const ATTRIBUTE_COLUMNS = [
  { id: 'name', label: 'Name', group: 'Attributes', width: 220, orderBy: 'attributes.run_name',
    value: (run) => run.name || run.run_id.slice(0, 8) },
  { id: 'status', label: 'Status', group: 'Attributes', width: 100, orderBy: 'attributes.status', value: (run) => run.status },
  { id: 'start', label: 'Started', group: 'Attributes', width: 136, orderBy: 'attributes.start_time', num: true,
    value: (run) => run.start_time_ms, text: (run) => formatTime(run.start_time_ms) },
  { id: 'duration', label: 'Duration', group: 'Attributes', width: 88, num: true,
    value: (run) => durationMs(run), text: (run) => formatDuration(durationMs(run)) },
  { id: 'user', label: 'User', group: 'Attributes', width: 100, orderBy: 'attributes.user_id', value: (run) => run.user || '' },
  { id: 'tags', label: 'Tags', group: 'Attributes', width: 180,
    value: (run) => Object.entries(run.tags || {}).filter(([k]) => !k.startsWith('mlflow.')).map(([k, v]) => `${k}=${v}`).join(' ') },
];

export function durationMs(run) {
  if (!run.start_time_ms) return null;
  const end = run.end_time_ms || (run.status === 'RUNNING' ? Date.now() : null);
  return end == null ? null : end - run.start_time_ms;
}

/** Nested runs (a tuning sweep's trials, MLflow child runs) name their parent; sorting by it groups them. */
function parentColumn(runs) {
  const names = new Map(runs.map((run) => [run.run_id, run.name || run.run_id.slice(0, 8)]));
  return { id: 'parent', label: 'Parent', group: 'Attributes', width: 140,
    value: (run) => (run.parent_run_id ? names.get(run.parent_run_id) || run.parent_run_id.slice(0, 8) : '') };
}

export function paramColumn(key) {
  return { id: `p:${key}`, label: key, group: 'Params', width: 112, orderBy: `params.${backtick(key)}`,
    value: (run) => (run.params || {})[key] ?? null,
    compare: (a, b) => {
      const x = Number(a);
      const y = Number(b);
      if (a !== '' && b !== '' && !Number.isNaN(x) && !Number.isNaN(y)) return x - y;
      return String(a).localeCompare(String(b));
    } };
}

export function metricColumn(key, stat) {
  return { id: `m:${stat}:${key}`, label: key, sub: stat, group: 'Metrics', width: 104, num: true,
    orderBy: stat === 'last' ? `metrics.${backtick(key)}` : null,
    value: (run) => { const summary = (run.metrics || {})[key]; return summary ? numeric(summary[stat]) : null; },
    text: (run) => { const summary = (run.metrics || {})[key]; return summary ? formatNumber(summary[stat]) : ''; } };
}

/** Every column the loaded runs can fill, in display order. */
export function columnsFor(runs) {
  const params = new Set();
  const metrics = new Set();
  for (const run of runs) {
    for (const key in run.params || {}) params.add(key);
    for (const key in run.metrics || {}) metrics.add(key);
  }
  const metricKeys = [...metrics].sort((a, b) => (a.startsWith('system/') - b.startsWith('system/')) || a.localeCompare(b));
  // The Name column fits the longest name (about 7.5 px a character), within 220–360 px.
  const longest = runs.reduce((max, run) => Math.max(max, (run.name || '').length), 0);
  const name = { ...ATTRIBUTE_COLUMNS[0], width: Math.round(Math.min(360, Math.max(220, longest * 7.5 + 56))) };
  return [
    name,
    ...ATTRIBUTE_COLUMNS.slice(1),
    ...(runs.some((run) => run.parent_run_id) ? [parentColumn(runs)] : []),
    ...[...params].sort().map(paramColumn),
    ...metricKeys.flatMap((key) => ['last', 'min', 'max'].map((stat) => metricColumn(key, stat))),
  ];
}

/** Shown unless the URL says otherwise: attributes, params, and the last value of non-system metrics. */
export const visibleByDefault = (column) => !column.id.startsWith('m:') ||
  (column.sub === 'last' && !column.label.startsWith('system/'));

/** Ids of the columns (Name aside) whose every run shows the same text. */
export function constantColumns(columns, runs) {
  const constant = new Set();
  if (runs.length < 2) return constant;
  for (const column of columns) {
    if (column.id === 'name') continue;
    const first = cellText(column, runs[0]);
    if (runs.every((run) => cellText(column, run) === first)) constant.add(column.id);
  }
  return constant;
}

export function cellText(column, run) {
  if (column.text) return column.text(run);
  const value = column.value(run);
  return value == null ? '' : String(value);
}

export function comparator(column, direction) {
  const sign = direction === 'desc' ? -1 : 1;
  return (a, b) => {
    const x = column.value(a);
    const y = column.value(b);
    const xMissing = x == null || x === '' || Number.isNaN(x);
    const yMissing = y == null || y === '' || Number.isNaN(y);
    if (xMissing || yMissing) return xMissing === yMissing ? 0 : xMissing ? 1 : -1; // missing values last
    let order;
    if (column.compare) order = column.compare(x, y);
    else if (column.num) order = x - y;
    else order = String(x).localeCompare(String(y));
    return sign * order;
  };
}
