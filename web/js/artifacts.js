// Artifact browser of a run: folders and files under a prefix, previews of images and of text, JSON,
// YAML and CSV (first PREVIEW_BYTES only, CSV parsed properly), and a download link for every file.
import { api } from './api.js';
import { h, formatBytes, errorBox, setChildren } from './format.js';
import { parseCsv } from './csv.js';

const PREVIEW_BYTES = 256 * 1024;
const PREVIEW_ROWS = 500;
const IMAGE = /\.(png|jpe?g|gif|webp|svg|bmp)$/i;
const TEXT = /\.(txt|log|json|jsonl|ya?ml|csv|tsv|md|py|sh|cfg|ini|toml|xml|out|err)$/i;

const baseName = (path) => path.replace(/\/$/, '').split('/').pop();
const joinPath = (prefix, path) => (!prefix || path.startsWith(prefix) ? path : prefix.replace(/\/?$/, '/') + path);

function entries(listing, prefix) {
  const files = (listing.files || (listing.artifacts || []).filter((a) => !a.is_dir))
    .map((f) => ({ path: joinPath(prefix, typeof f === 'string' ? f : f.path), size: f.size_bytes ?? f.file_size ?? null }));
  const folders = (listing.folders || (listing.artifacts || []).filter((a) => a.is_dir))
    .map((f) => joinPath(prefix, typeof f === 'string' ? f : f.path).replace(/\/?$/, '/'));
  return { files, folders };
}

export function artifactBrowser(runId) {
  const list = h('div', { class: 'artifact-list', id: 'artifact-list' });
  const preview = h('div', { class: 'artifact-preview', id: 'artifact-preview' },
    h('div', { class: 'empty muted', text: 'Select a file to preview it.' }));
  const crumbs = h('div', { class: 'artifact-crumbs' });
  const root = h('div', { class: 'artifact-browser' }, h('div', { class: 'artifact-side' }, crumbs, list), preview);

  async function open(prefix) {
    crumbs.replaceChildren(...crumbTrail(prefix));
    list.replaceChildren(h('div', { class: 'muted small', text: 'Loading…' }));
    let listing;
    try {
      listing = await api.listArtifacts(runId, prefix);
    } catch (e) {
      list.replaceChildren(e.status === 404 && e.code === 'ENDPOINT_NOT_FOUND'
        ? h('div', { class: 'empty muted', text: 'This server does not serve artifacts yet.' })
        : errorBox(e));
      return;
    }
    const { files, folders } = entries(listing, prefix);
    if (!files.length && !folders.length) {
      list.replaceChildren(h('div', { class: 'empty muted', text: prefix ? 'This folder is empty.' : 'No artifacts logged.' }));
      return;
    }
    list.replaceChildren(
      ...folders.map((folder) => h('button', { class: 'artifact-item folder', onclick: () => open(folder) },
        h('span', { class: 'icon', text: '▸' }), h('span', { class: 'artifact-name', text: baseName(folder) + '/' }))),
      ...files.map((file) => h('div', { class: 'artifact-row' },
        h('button', { class: 'artifact-item file', dataset: { path: file.path }, onclick: (event) => {
          list.querySelectorAll('.artifact-item').forEach((b) => b.classList.remove('active'));
          event.currentTarget.classList.add('active');
          show(file);
        } }, h('span', { class: 'icon', text: IMAGE.test(file.path) ? '◩' : '▤' }),
          h('span', { class: 'artifact-name', text: baseName(file.path) }),
          h('span', { class: 'muted small', text: formatBytes(file.size) })),
        h('a', { class: 'artifact-download', href: api.artifactUrl(runId, file.path), download: baseName(file.path), title: `Download ${baseName(file.path)}`, text: '⤓' }))));
  }

  function crumbTrail(prefix) {
    const parts = prefix.split('/').filter(Boolean);
    const trail = [h('button', { class: 'link-button', text: 'artifacts', onclick: () => open('') })];
    parts.forEach((part, i) => {
      trail.push(h('span', { class: 'muted', text: ' / ' }));
      const target = parts.slice(0, i + 1).join('/') + '/';
      trail.push(h('button', { class: 'link-button', text: part, onclick: () => open(target) }));
    });
    return trail;
  }

  async function show(file) {
    const url = api.artifactUrl(runId, file.path);
    const head = h('div', { class: 'preview-head' }, h('strong', { text: file.path }), h('span', { class: 'muted small', text: formatBytes(file.size) }),
      h('a', { class: 'btn btn-small', href: url, download: baseName(file.path), id: 'artifact-download', text: 'Download' }));
    if (IMAGE.test(file.path)) {
      preview.replaceChildren(head, h('div', { class: 'preview-image' }, h('img', { src: url, alt: file.path, id: 'artifact-image' })));
      return;
    }
    if (!TEXT.test(file.path)) {
      preview.replaceChildren(head, h('div', { class: 'empty muted', text: 'No preview for this file type.' }));
      return;
    }
    preview.replaceChildren(head, h('div', { class: 'muted small', text: 'Loading…' }));
    try {
      const { text, truncated, totalBytes } = await api.artifactText(runId, file.path, PREVIEW_BYTES);
      const note = truncated ? h('div', { class: 'preview-note', id: 'preview-note',
        text: `Showing the first ${formatBytes(PREVIEW_BYTES)} of ${formatBytes(totalBytes)}; download the file for the rest.` }) : null;
      setChildren(preview, head, note, renderText(file.path, text, truncated));
    } catch (e) {
      preview.replaceChildren(head, errorBox(e));
    }
  }

  open('');
  return root;
}

/** The preview's elements: pretty JSON when the whole file is here, a table for CSV/TSV, else the text. */
function renderText(path, text, truncated) {
  if (/\.json$/i.test(path) && !truncated) {
    try { return [h('pre', { class: 'preview-text', id: 'artifact-text', text: JSON.stringify(JSON.parse(text), null, 2) })]; } catch (e) { /* shown raw */ }
  }
  if (/\.(csv|tsv)$/i.test(path)) {
    const rows = parseCsv(text, { separator: /\.tsv$/i.test(path) ? '\t' : ',', complete: !truncated });
    if (rows.length) {
      const shown = rows.slice(1, PREVIEW_ROWS + 1);
      const more = rows.length - 1 > shown.length
        ? h('div', { class: 'preview-note', text: `Showing ${shown.length.toLocaleString()} of ${(rows.length - 1).toLocaleString()} rows.` }) : null;
      return [more, h('div', { class: 'preview-table' }, h('table', { class: 'table compact', id: 'artifact-text' },
        h('thead', {}, h('tr', {}, rows[0].map((cell) => h('th', { text: cell })))),
        h('tbody', {}, shown.map((row) => h('tr', {}, row.map((cell) => h('td', { text: cell })))))))];
    }
  }
  return [h('pre', { class: 'preview-text', id: 'artifact-text', text })];
}
