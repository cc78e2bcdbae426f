// The runs table's filter box: a filter in the search language, applied on Enter and cleared with Escape. A
// filter the server refuses is explained right under the box, with the server's message.
import { h } from './format.js';

/** onApply(filter) runs on Enter (the trimmed text) and on Escape (''). */
export function filterBox(value, onApply) {
  const input = h('input', { type: 'search', id: 'run-filter', class: 'filter-input', value, spellcheck: 'false',
    placeholder: "Filter runs, e.g. metrics.loss < 0.5 and params.lr = '0.01'   (Enter to apply)", 'aria-label': 'Filter runs' });
  const error = h('div', { class: 'filter-error', id: 'filter-error', role: 'alert', hidden: true });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') onApply(input.value.trim());
    if (event.key === 'Escape') { input.value = ''; onApply(''); }
  });
  return {
    element: h('div', { class: 'filter-wrap' }, input, error),
    showError(message) {
      error.replaceChildren(h('strong', { text: 'Filter error: ' }), message);
      error.hidden = false;
      input.classList.add('invalid');
    },
    clearError() {
      error.hidden = true;
      input.classList.remove('invalid');
    },
  };
}
