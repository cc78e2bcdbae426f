// A small Markdown renderer for run notes that builds DOM nodes, never HTML strings: raw HTML in a note is
// shown as text, and only http(s) and mailto links become links. Covers what notes use: headings,
// paragraphs, emphasis, inline code, fenced code, lists, block quotes, rules and links.
import { h } from './format.js';

const SAFE_URL = /^(https?:|mailto:)/i;

/** The note rendered into a new <div class="markdown">. */
export function renderMarkdown(text) {
  return h('div', { class: 'markdown' }, blocks(String(text || '').replace(/\r\n?/g, '\n').split('\n')));
}

function blocks(lines) {
  const out = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) { i++; continue; }
    const fence = /^\s*(```|~~~)/.exec(line);
    if (fence) {
      const code = [];
      for (i++; i < lines.length && !lines[i].trim().startsWith(fence[1]); i++) code.push(lines[i]);
      i++;
      out.push(h('pre', {}, h('code', { text: code.join('\n') })));
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      out.push(h(`h${heading[1].length}`, {}, inline(heading[2])));
      i++;
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) { out.push(h('hr')); i++; continue; }
    if (/^\s*>/.test(line)) {
      const quoted = [];
      for (; i < lines.length && /^\s*>/.test(lines[i]); i++) quoted.push(lines[i].replace(/^\s*>\s?/, ''));
      out.push(h('blockquote', {}, blocks(quoted)));
      continue;
    }
    const item = listItem(line);
    if (item) {
      const list = h(item.ordered ? 'ol' : 'ul');
      while (i < lines.length) {
        const next = listItem(lines[i]);
        if (next && next.ordered === item.ordered) {
          list.append(h('li', {}, inline(next.text)));
          i++;
        } else if (lines[i].trim() && /^\s{2,}/.test(lines[i]) && list.lastChild) {
          list.lastChild.append(' ', ...inline(lines[i].trim())); // a wrapped item
          i++;
        } else break;
      }
      out.push(list);
      continue;
    }
    const paragraph = [];
    for (; i < lines.length && lines[i].trim() && !startsBlock(lines[i]); i++) paragraph.push(lines[i].trim());
    out.push(h('p', {}, paragraph.flatMap((text, j) => (j ? [h('br'), ...inline(text)] : inline(text)))));
  }
  return out;
}

function listItem(line) {
  const match = /^\s*(?:([-*+])|(\d+)[.)])\s+(.*)$/.exec(line);
  return match ? { ordered: !match[1], text: match[3] } : null;
}

function startsBlock(line) {
  return /^\s*(```|~~~|#{1,6}\s|>)/.test(line) || Boolean(listItem(line)) || /^\s*([-*_])(\s*\1){2,}\s*$/.test(line);
}

// Inline spans, earliest match first: code, links, bold, italics. Everything else stays text.
const INLINE = [
  { re: /`([^`]+)`/, make: (m) => h('code', { text: m[1] }) },
  // A URL may hold one level of balanced parentheses: (https://en.wikipedia.org/wiki/F1_(score)).
  { re: /\[([^\]]+)\]\(((?:[^()\s]|\([^()\s]*\))+)(?:\s+"[^"]*")?\)/, make: (m) => (SAFE_URL.test(m[2])
    ? h('a', { href: m[2], target: '_blank', rel: 'noopener noreferrer' }, inline(m[1])) : h('span', {}, inline(m[1]))) },
  { re: /\*\*(.+?)\*\*|__(.+?)__/, make: (m) => h('strong', {}, inline(m[1] ?? m[2])) },
  { re: /\*(?!\s)(.+?)\*|\b_(?!\s)(.+?)_\b/, make: (m) => h('em', {}, inline(m[1] ?? m[2])) },
  { re: /\bhttps?:\/\/[^\s<>()]+[^\s<>().,;:!?'"]/, make: (m) => h('a', { href: m[0], target: '_blank', rel: 'noopener noreferrer', text: m[0] }) },
];

function inline(text) {
  const nodes = [];
  let rest = text;
  while (rest) {
    let best = null;
    for (const rule of INLINE) {
      const m = rule.re.exec(rest);
      if (m && (!best || m.index < best.m.index)) best = { m, rule };
    }
    if (!best) { nodes.push(rest); break; }
    if (best.m.index) nodes.push(rest.slice(0, best.m.index));
    nodes.push(best.rule.make(best.m));
    rest = rest.slice(best.m.index + best.m[0].length);
  }
  return nodes;
}
