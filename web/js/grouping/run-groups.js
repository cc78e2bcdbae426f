// Group by on the runs table: the rows collapse into one row per group (its key values and run count) with,
// per metric, the mean ± sample standard deviation of the runs' last values. Ungroup returns the runs.
import { h, formatNumber } from '../format.js';
import { groupControls, groupingOf } from './group-controls.js';
import { hrefFor } from '../state.js';

function valueOf(run, key) {
  if (key === 'status') return run.status;
  if (key.startsWith('params.')) return (run.params || {})[key.slice(7)] ?? null;
  if (key.startsWith('config.')) return (run.params || {})[key.slice(7)] ?? null;
  if (key.startsWith('tags.')) return (run.tags || {})[key.slice(5)] ?? null;
  return null;
}

function meanStd(values) {
  const finite = values.filter((v) => typeof v === 'number' && Number.isFinite(v));
  if (!finite.length) return null;
  const mean = finite.reduce((a, b) => a + b, 0) / finite.length;
  if (finite.length < 2) return { mean, std: null, n: 1 };
  const std = Math.sqrt(finite.reduce((a, v) => a + (v - mean) ** 2, 0) / (finite.length - 1));
  return { mean, std, n: finite.length };
}

/** runs(): the loaded runs; tableCard: the runs table, hidden while grouped. */
export function runGroups(query, experimentId, runs, tableCard) {
  const grouping = groupingOf(query);
  const element = h('div', { id: 'run-groups' });
  const controlsBox = h('div', { class: 'group-controls-box' });
  function refresh() {
    const all = runs();
    const controls = groupControls(all, grouping);
    // The band kind is for the chart panels beside the table: shown once there are groups to draw.
    controls.querySelector('#group-band').closest('label').hidden = !grouping.groupBy.length;
    controlsBox.replaceChildren(controls);
    if (!grouping.groupBy.length) { element.replaceChildren(); tableCard.hidden = false; return; }
    tableCard.hidden = true;
    const groups = new Map();
    for (const run of all) {
      const values = grouping.groupBy.map((key) => valueOf(run, key));
      const id = JSON.stringify(values);
      if (!groups.has(id)) groups.set(id, { values, runs: [] });
      groups.get(id).runs.push(run);
    }
    const metricKeys = [...new Set(all.flatMap((run) => Object.keys(run.metrics || {})))].sort().slice(0, 12);
    const head = h('tr', {}, grouping.groupBy.map((key) => h('th', { text: key })), h('th', { class: 'num', text: 'Runs' }),
      metricKeys.map((key) => h('th', { class: 'num', text: key, title: 'mean ± std of the runs\' last values' })), h('th'));
    const rows = [...groups.values()].sort((a, b) => JSON.stringify(a.values).localeCompare(JSON.stringify(b.values))).map((group) =>
      h('tr', { class: 'group-row', dataset: { group: JSON.stringify(group.values) } },
        group.values.map((value) => h('td', { class: 'mono', text: value ?? '(none)' })),
        h('td', { class: 'num', text: String(group.runs.length) }),
        metricKeys.map((key) => {
          const s = meanStd(group.runs.map((run) => ((run.metrics || {})[key] || {}).last));
          return h('td', { class: 'num mono', text: !s ? '—' : s.std == null ? formatNumber(s.mean) : `${formatNumber(s.mean)} ± ${formatNumber(s.std)}` });
        }),
        h('td', {}, h('a', { href: hrefFor(['compare'], { runs: group.runs.map((run) => run.run_id), exp: experimentId, group: grouping.groupBy }), text: 'Compare' }))));
    element.replaceChildren(h('div', { class: 'card table-card' }, h('div', { class: 'table-scroll-x' },
      h('table', { class: 'table', id: 'groups-table' }, h('thead', {}, head), h('tbody', {}, rows)))));
  }
  return { element, controls: controlsBox, refresh };
}
