// The Share button: makes a read-only link to some runs (POST /api/v1/share) and shows it ready to copy.
// It appears only when auth is on and the signed-in token may write: with auth off every page is already
// open to whoever reaches the server, and a share link's own session cannot share further.
import { api } from './api.js';
import { canShare } from './access.js';
import { h, errorBox, formatTime } from './format.js';

const EXPIRIES = [['1 hour', 3600], ['1 day', 86400], ['7 days', 7 * 86400], ['30 days', 30 * 86400], ['90 days', 90 * 86400]];
const DEFAULT_EXPIRY_S = 7 * 86400;

/** An element holding the Share button (empty when sharing is not possible); runIds is read when clicked. */
export function shareButton(runIds) {
  const box = h('div', { class: 'share' });
  canShare().then((allowed) => {
    box.dataset.shareable = String(allowed);
    if (!allowed) return;
    const panel = h('div', { class: 'share-panel card', id: 'share-panel', hidden: true });
    const button = h('button', { class: 'btn', id: 'share-button', type: 'button', 'aria-expanded': 'false', text: 'Share',
      onclick: () => {
        panel.hidden = !panel.hidden;
        button.setAttribute('aria-expanded', String(!panel.hidden));
        if (!panel.hidden) renderForm(panel, runIds());
      } });
    panel.addEventListener('keydown', (event) => { if (event.key === 'Escape') { panel.hidden = true; button.focus(); } });
    box.append(button, panel);
  });
  return box;
}

function renderForm(panel, runIds) {
  const expiry = h('select', { id: 'share-expiry', 'aria-label': 'Link expires in' },
    EXPIRIES.map(([label, seconds]) => h('option', { value: seconds, selected: seconds === DEFAULT_EXPIRY_S, text: label })));
  const result = h('div', { class: 'share-result' });
  const create = h('button', { class: 'btn btn-primary', id: 'share-create', type: 'button', text: 'Create link',
    onclick: async () => {
      create.disabled = true;
      try {
        const link = await api.createShareLink(runIds, Number(expiry.value));
        renderLink(result, link);
      } catch (e) {
        result.replaceChildren(errorBox(e));
      } finally {
        create.disabled = false;
      }
    } });
  panel.replaceChildren(
    h('p', { class: 'muted', text: `Anyone with the link can read ${runIds.length === 1 ? 'this run' : `these ${runIds.length} runs`} — nothing else, and no changes.` }),
    h('div', { class: 'inline-form' }, h('label', { class: 'inline-label' }, 'Expires in ', expiry), create),
    result);
}

function renderLink(result, link) {
  const url = h('input', { id: 'share-url', readonly: true, value: link.url, 'aria-label': 'Share link' });
  const copied = h('span', { class: 'muted', role: 'status' });
  const copy = h('button', { class: 'btn', type: 'button', text: 'Copy', onclick: async () => {
    url.select();
    try {
      await navigator.clipboard.writeText(link.url);
      copied.textContent = 'Copied';
    } catch (e) {
      copied.textContent = 'Selected: press Ctrl+C'; // the clipboard API needs https or localhost
    }
  } });
  result.replaceChildren(
    h('div', { class: 'inline-form' }, url, copy),
    h('p', { class: 'muted' }, `Valid until ${formatTime(link.expires_at_ms)}. Revoking your token ends it sooner. `, copied));
  url.select();
}
