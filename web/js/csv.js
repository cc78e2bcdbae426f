// CSV both ways, as RFC 4180 has it: fields quoted when they hold the separator, a quote or a line break;
// "" inside quotes is one quote; CRLF, LF or CR end a row. Used by the artifact preview and the runs export.

/**
 * The rows of `text`. When `complete` is false the text was cut short (a preview of a bigger file), so its
 * last row may be partial and is left out.
 */
export function parseCsv(text, { separator = ',', complete = true } = {}) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  let pending = false; // something of a row was read since the last row ended
  let i = 0;
  const endField = () => { row.push(field); field = ''; };
  const endRow = () => { endField(); rows.push(row); row = []; pending = false; };
  while (i < text.length) {
    const c = text[i];
    pending = true;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
        quoted = false;
      } else {
        field += c;
      }
      i++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === separator) endField();
    else if (c === '\n') endRow();
    else if (c === '\r') { endRow(); if (text[i + 1] === '\n') i++; }
    else field += c;
    i++;
  }
  if (pending && complete) endRow();
  return rows;
}

/** One field, quoted when it needs to be. */
export function csvField(value, separator = ',') {
  const text = value == null ? '' : String(value);
  return text.includes(separator) || /["\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows of values → CSV text, one line per row, each ending in \n. */
export function toCsv(rows, separator = ',') {
  return rows.map((row) => row.map((value) => csvField(value, separator)).join(separator)).join('\n') + '\n';
}
