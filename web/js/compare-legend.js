// The compare page's legend: one entry per run with its colour (click the swatch to change it), a link to the
// run, its status, and while the mouse is over a chart, that chart's value for each run at the run's nearest
// logged x. Pointing at an entry highlights the run's line in every chart.
import { h, formatNumber, statusPill } from './format.js';
import { hrefFor } from './state.js';

/**
 * runs: [{run_id, status, ...}], labels: Map runId → label, colors: Map runId → colour.
 * onColor(runId, colour) when the user picks one; onHighlight(runId | null) while pointing at an entry.
 */
export function compareLegend(runs, labels, colors, { onColor, onHighlight }) {
  const values = new Map();
  const swatches = new Map();
  const where = h('span', { class: 'muted small legend-step', id: 'legend-step' });
  const items = runs.map((run) => {
    const value = h('span', { class: 'legend-value mono' });
    const swatch = h('input', { type: 'color', class: 'swatch-input', value: colors.get(run.run_id),
      title: 'Change colour', 'aria-label': `Colour of ${labels.get(run.run_id)}` });
    swatch.addEventListener('change', () => onColor(run.run_id, swatch.value));
    values.set(run.run_id, value);
    swatches.set(run.run_id, swatch);
    const item = h('div', { class: 'legend-item', tabindex: '0', dataset: { runId: run.run_id, color: colors.get(run.run_id) } },
      swatch, h('a', { href: hrefFor(['runs', run.run_id]), text: labels.get(run.run_id) }), statusPill(run.status), value);
    item.addEventListener('mouseenter', () => onHighlight(run.run_id));
    item.addEventListener('mouseleave', () => onHighlight(null));
    item.addEventListener('focusin', () => onHighlight(run.run_id));
    item.addEventListener('focusout', () => onHighlight(null));
    return item;
  });
  const element = h('div', { class: 'legend-bar card' }, h('div', { class: 'legend', id: 'legend' }, items), where);

  /** info from the chart under the mouse ({key, xText, points}), or null when it left. */
  function showHover(info) {
    if (!info) {
      values.forEach((el) => { el.textContent = ''; el.removeAttribute('data-value'); el.removeAttribute('title'); });
      where.textContent = '';
      return;
    }
    where.textContent = `${info.key} · ${info.xText}`;
    where.dataset.metric = info.key;
    for (const point of info.points) {
      const el = values.get(point.runId);
      if (!el) continue;
      el.textContent = point.y == null ? '—' : formatNumber(point.y);
      if (point.y == null) el.removeAttribute('data-value'); else el.dataset.value = String(point.y);
      el.dataset.x = point.x == null ? '' : String(point.x);
      const bucket = point.bucket;
      el.title = bucket && bucket.count > 1 ? `mean of ${bucket.count} points, steps ${bucket.first_step}–${bucket.last_step}`
        : point.x == null ? 'no value' : `at x = ${point.x}`;
    }
  }

  function setColors(next) {
    for (const item of items) {
      const color = next.get(item.dataset.runId);
      item.dataset.color = color;
      swatches.get(item.dataset.runId).value = color;
    }
  }

  return { element, showHover, setColors };
}
