// The chart options both chart pages offer, kept in the URL: x axis, EMA smoothing, log y and (compare only)
// the min/max band. query → options with chartOptions(); chartControls() draws the inputs and reports changes.
import { h } from './format.js';
import { patchQuery } from './state.js';
import { X_MODES } from './chart.js';

export function chartOptions(query) {
  return {
    x: X_MODES[query.get('x')] || (query.get('x') || '').startsWith('metric:') ? query.get('x') : 'step',
    smooth: Math.min(0.99, Math.max(0, Number(query.get('smooth')) || 0)),
    logY: query.get('log') === '1',
    band: query.get('band') !== '0',
  };
}

/** The inputs for options (changed in place); onChange(name) runs after each change, once it is in the URL. */
export function chartControls(options, onChange, { band = true, xMetrics = [] } = {}) {
  // xMetrics: metric keys offered as the x axis (metric:<key>), e.g. epoch or tokens.
  const xChoices = [...Object.entries(X_MODES), ...xMetrics.map((key) => [`metric:${key}`, key])];
  const xSelect = h('select', { id: 'x-mode', 'aria-label': 'X axis' }, xChoices.map(([value, label]) =>
    h('option', { value, selected: value === options.x, text: label })));
  const smoothInput = h('input', { type: 'range', id: 'smoothing', min: '0', max: '0.99', step: '0.01', value: String(options.smooth), 'aria-label': 'EMA smoothing' });
  const smoothValue = h('span', { class: 'mono small', text: options.smooth.toFixed(2) });
  const logBox = h('input', { type: 'checkbox', id: 'log-y', checked: options.logY });
  const bandBox = band ? h('input', { type: 'checkbox', id: 'band', checked: options.band }) : null;
  const changed = (name) => {
    patchQuery({ x: options.x === 'step' ? null : options.x, smooth: options.smooth ? options.smooth : null,
      log: options.logY ? '1' : null, band: options.band ? null : '0' });
    onChange(name);
  };
  xSelect.addEventListener('change', () => { options.x = xSelect.value; changed('x'); });
  smoothInput.addEventListener('input', () => { smoothValue.textContent = Number(smoothInput.value).toFixed(2); });
  smoothInput.addEventListener('change', () => { options.smooth = Number(smoothInput.value); changed('smooth'); });
  logBox.addEventListener('change', () => { options.logY = logBox.checked; changed('logY'); });
  if (bandBox) bandBox.addEventListener('change', () => { options.band = bandBox.checked; changed('band'); });
  return h('div', { class: 'controls' },
    h('label', { class: 'inline-label' }, 'X axis ', xSelect),
    h('label', { class: 'inline-label' }, 'Smoothing ', smoothInput, smoothValue),
    h('label', { class: 'inline-label' }, logBox, ' Log y'),
    bandBox ? h('label', { class: 'inline-label' }, bandBox, ' Min/max band') : null);
}
