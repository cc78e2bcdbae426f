// The token prompt: shown by login.html and by app.js when an API call answers 401. The token goes to the
// server once; it keeps it in an HttpOnly cookie that scripts (ours or anyone's) cannot read.
import { api } from './api.js';
import { h, errorBox } from './format.js';

export function renderLogin(container, onSuccess) {
  const input = h('input', { type: 'password', id: 'token', name: 'token', autocomplete: 'current-password',
    placeholder: 'sxt_…', 'aria-label': 'Token' });
  const status = h('div', { class: 'login-status' });
  const form = h('form', { class: 'card section login', id: 'login-form' },
    h('h2', { text: 'Sign in' }),
    h('p', { class: 'muted', text: 'This server needs a token. Ask its admin, or run `sextant token create`.' }),
    input, h('button', { class: 'btn btn-primary', type: 'submit', text: 'Sign in' }), status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.replaceChildren();
    try {
      await api.login(input.value.trim());
      onSuccess();
    } catch (e) {
      status.append(errorBox(e));
    }
  });
  container.replaceChildren(form);
  input.focus();
}
