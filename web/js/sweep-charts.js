// The sweep page's pictures, as plain SVG: best value so far per trial, parallel coordinates coloured by the
// metric, and bars of parameter importance. Pure functions of the API's JSON; no chart library needed.
import { h, formatNumber } from './format.js';

const SVG = 'http://www.w3.org/2000/svg';

function s(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) if (value != null) node.setAttribute(key, value);
  for (const child of children.flat()) if (child != null) node.append(child);
  return node;
}

/** {a: {b: 1}} → {"a.b": 1}, as the sweep config names parameters. */
export function flatten(config, prefix = '', out = {}) {
  for (const [key, value] of Object.entries(config || {})) {
    if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length) flatten(value, `${prefix}${key}.`, out);
    else out[prefix + key] = value;
  }
  return out;
}

// Viridis at five stops: dark purple (worst) to yellow (best); readable on white and for colour-blind eyes.
const STOPS = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];

/** The colour of t in [0, 1] (1 = best). */
export function metricColor(t) {
  const x = Math.min(1, Math.max(0, t)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const c = STOPS[i].map((v, k) => Math.round(v + f * (STOPS[i + 1][k] - v)));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

const finite = (v) => typeof v === 'number' && Number.isFinite(v);

/** Each trial's value (dots) and the best so far (a step line), against trial index. */
export function bestSoFarChart(trials, goal) {
  const width = 640;
  const height = 220;
  const pad = { left: 56, right: 12, top: 12, bottom: 28 };
  const points = trials.filter((t) => finite(t.metric_value));
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'sweep-chart', id: 'best-so-far', role: 'img',
    'aria-label': 'Best value so far by trial' });
  if (points.length === 0) return h('div', { class: 'empty', text: 'No trial has logged the sweep metric yet.' });
  const values = points.map((t) => t.metric_value);
  let low = Math.min(...values);
  let high = Math.max(...values);
  if (low === high) { low -= 1; high += 1; }
  const last = Math.max(1, ...trials.map((t) => t.trial_index));
  const x = (i) => pad.left + (i / last) * (width - pad.left - pad.right);
  const y = (v) => pad.top + (1 - (v - low) / (high - low)) * (height - pad.top - pad.bottom);
  const better = (a, b) => (goal === 'maximize' ? a > b : a < b);
  let best = null;
  let path = '';
  for (const t of points) {
    if (best === null || better(t.metric_value, best)) {
      path += best === null ? `M${x(t.trial_index)},${y(t.metric_value)}` : `H${x(t.trial_index)}V${y(t.metric_value)}`;
      best = t.metric_value;
    }
  }
  path += `H${x(last)}`;
  svg.append(
    s('line', { x1: pad.left, y1: height - pad.bottom, x2: width - pad.right, y2: height - pad.bottom, class: 'axis' }),
    s('line', { x1: pad.left, y1: pad.top, x2: pad.left, y2: height - pad.bottom, class: 'axis' }),
    s('text', { x: pad.left - 6, y: y(high) + 4, 'text-anchor': 'end', class: 'tick' }, formatNumber(high)),
    s('text', { x: pad.left - 6, y: y(low) + 4, 'text-anchor': 'end', class: 'tick' }, formatNumber(low)),
    s('text', { x: width - pad.right, y: height - 8, 'text-anchor': 'end', class: 'tick' }, `trial ${last}`),
    s('text', { x: pad.left, y: height - 8, class: 'tick' }, 'trial 0'),
    ...points.map((t) => s('circle', { cx: x(t.trial_index), cy: y(t.metric_value), r: 3, class: 'trial-dot' },
      s('title', {}, `trial ${t.trial_index}: ${formatNumber(t.metric_value)}`))),
    s('path', { d: path, class: 'best-line' }));
  return svg;
}

/** One axis per searched parameter and one for the metric; one line per trial with a value, coloured by it. */
export function parallelCoordinates(trials, parameterSpecs, metricName, goal) {
  const names = Object.keys(parameterSpecs).filter((name) => !('value' in parameterSpecs[name]));
  const rows = trials.filter((t) => finite(t.metric_value)).map((t) => ({ trial: t, config: flatten(t.config) }));
  if (rows.length === 0 || names.length === 0) return h('div', { class: 'empty', text: 'Lines appear as trials log the metric.' });
  const axes = [...names.map((name) => axisFor(name, parameterSpecs[name], rows.map((r) => r.config[name]))),
    axisFor(metricName, {}, rows.map((r) => r.trial.metric_value))];
  const width = Math.max(1000, axes.length * 200);
  const height = 260;
  const top = 28;
  const bottom = height - 24;
  const x = (i) => 50 + i * ((width - 100) / Math.max(1, axes.length - 1));
  const metricAxis = axes[axes.length - 1];
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'sweep-chart', id: 'parallel-coordinates', role: 'img',
    'aria-label': 'Parallel coordinates of the trials, coloured by the metric' });
  const ordered = rows.map((r) => ({ ...r, t: metricAxis.position(r.trial.metric_value) }))
    .map((r) => ({ ...r, goodness: goal === 'maximize' ? r.t : 1 - r.t }))
    .sort((a, b) => a.goodness - b.goodness); // the best lines are drawn last, on top
  for (const row of ordered) {
    const values = [...names.map((name) => row.config[name]), row.trial.metric_value];
    const d = values.map((v, i) => `${i ? 'L' : 'M'}${x(i)},${bottom - axes[i].position(v) * (bottom - top)}`).join('');
    svg.append(s('path', { d, class: 'pc-line', stroke: metricColor(row.goodness), dataset: null },
      s('title', {}, `trial ${row.trial.trial_index}: ${metricName} ${formatNumber(row.trial.metric_value)}`)));
  }
  axes.forEach((axis, i) => {
    svg.append(s('line', { x1: x(i), y1: top, x2: x(i), y2: bottom, class: 'axis' }),
      s('text', { x: x(i), y: 14, 'text-anchor': 'middle', class: 'axis-label' }, axis.name));
    for (const [label, at] of axis.ticks) {
      svg.append(s('text', { x: x(i) + 4, y: bottom - at * (bottom - top) + 4, class: 'tick' }, label));
    }
  });
  return svg;
}

/** Where a value sits on its axis (0 = bottom, 1 = top) and the labels to print. */
function axisFor(name, spec, values) {
  if (Array.isArray(spec.values) || values.some((v) => typeof v !== 'number')) {
    const categories = Array.isArray(spec.values) ? spec.values.map((v) => JSON.stringify(v)) : [...new Set(values.map((v) => JSON.stringify(v)))];
    const at = (v) => (categories.length === 1 ? 0.5 : categories.indexOf(JSON.stringify(v)) / (categories.length - 1));
    return { name, position: at, ticks: categories.map((c) => [c.replace(/^"|"$/g, ''), at(JSON.parse(c))]) };
  }
  const log = /log/.test(spec.distribution || '') && values.every((v) => v > 0);
  const f = log ? Math.log : (v) => v;
  const numbers = values.filter(finite).map(f);
  let low = Math.min(...numbers);
  let high = Math.max(...numbers);
  if (!(high > low)) { low -= 1; high += 1; }
  const position = (v) => (finite(v) ? (f(v) - low) / (high - low) : 0);
  const unf = (u) => (log ? Math.exp(u) : u);
  return { name, position, ticks: [[formatNumber(unf(low)), 0], [formatNumber(unf(high)), 1]] };
}

/** Spearman's ρ (−1…1, centred bars) and the forest's share (0…1) per parameter. */
export function importanceTable(importance) {
  if (!importance.parameters.length || importance.parameters.every((p) => p.forest == null)) {
    return h('div', { class: 'empty', text: `Importance needs at least 4 trials with a value of the metric (${importance.trials} so far).` });
  }
  const sorted = [...importance.parameters].sort((a, b) => (b.forest || 0) - (a.forest || 0));
  const bar = (value, centred) => {
    if (value == null) return h('span', { class: 'muted', text: '—' });
    const width = Math.round(Math.abs(value) * 100);
    return h('div', { class: `bar-track${centred ? ' centred' : ''}` },
      h('div', { class: `bar${value < 0 ? ' negative' : ''}`, style: `width:${centred ? width / 2 : width}%` }),
      h('span', { class: 'bar-label', text: formatNumber(Number(value.toFixed(3))) }));
  };
  return h('table', { class: 'table', id: 'importance-table' },
    h('thead', {}, h('tr', {}, h('th', { text: 'Parameter' }), h('th', { text: 'Random-forest importance' }),
      h('th', { text: 'Spearman ρ with the metric' }))),
    h('tbody', {}, sorted.map((p) => h('tr', {}, h('td', { text: p.parameter }), h('td', {}, bar(p.forest, false)),
      h('td', {}, bar(p.spearman, true))))));
}
