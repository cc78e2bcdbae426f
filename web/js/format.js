// Small pure formatting and DOM-building functions shared by the views.

export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    // Through the CSSOM: the Content-Security-Policy blocks style="" attributes, not this.
    else if (key === 'style') node.style.cssText = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child == null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** node.replaceChildren for children that may be null or false (those are left out, never shown as "null"). */
export function setChildren(node, ...children) {
  node.replaceChildren(...children.flat().filter((child) => child != null && child !== false));
  return node;
}

export function formatNumber(value) {
  if (value == null || value === '') return '';
  if (typeof value === 'string') return value; // "NaN", "Infinity"
  if (Number.isInteger(value) && Math.abs(value) < 1e12) return String(value);
  const abs = Math.abs(value);
  // Five significant digits either way, without trailing zeros: 2.5e-4, not 2.500e-4.
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return value.toExponential(4).replace(/\.?0+e/, 'e');
  return Number(value.toPrecision(5)).toString();
}

export function formatTime(ms) {
  if (ms == null) return '';
  const d = new Date(ms);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function formatDuration(ms) {
  if (ms == null || ms < 0) return '';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const hours = Math.floor(m / 60);
  if (hours < 48) return `${hours}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

export function formatAgo(ms, now = Date.now()) {
  if (ms == null) return 'never';
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

export function formatBytes(n) {
  if (n == null) return '';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

export function statusPill(status) {
  return h('span', { class: `pill pill-${String(status || '').toLowerCase()}`, text: status || '?' });
}

/** The Active / Deleted switch of a list; onPick(view) is called with 'active' or 'deleted'. */
export function lifecycleTabs(current, onPick, id) {
  return h('div', { class: 'segmented', role: 'tablist', id },
    ['active', 'deleted'].map((name) => h('button', {
      type: 'button', class: name === current ? 'active' : '', 'aria-pressed': String(name === current),
      onclick: () => onPick(name),
      text: name === 'active' ? 'Active' : 'Deleted',
    })));
}

export function errorBox(error, prefix = '') {
  const code = error && error.code ? error.code : 'ERROR';
  return h('div', { class: 'error-box', role: 'alert' },
    h('strong', { text: prefix || code }), ' ', error && error.message ? error.message : String(error));
}

export function download(filename, href) {
  const link = h('a', { href, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
}
