// What a cursor at x points at, for each line of a chart whose lines were logged at different x: the
// nearest x where that line has a value (a run that logged every 10th step still shows its value between
// them). Works on uPlot's joined table ([xs, ...ys], one shared sorted x column, null where a line has no
// point); the index lists are built once per data change, each lookup is a binary search.

/** For each y column of the joined table, the ascending row indices where it has a finite value. */
export function presentRows(data) {
  return data.map((ys, column) => {
    if (column === 0) return null;
    const rows = [];
    for (let i = 0; i < ys.length; i++) if (ys[i] != null && Number.isFinite(ys[i])) rows.push(i);
    return Int32Array.from(rows);
  });
}

/** The row among `rows` (ascending indices into xs) whose x is nearest to x; ties go left; -1 if none. */
export function nearestRow(xs, rows, x) {
  if (!rows || !rows.length || x == null || Number.isNaN(x)) return -1;
  let lo = 0;
  let hi = rows.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[rows[mid]] < x) lo = mid + 1; else hi = mid;
  }
  // rows[lo] is the first at or after x (or the last row, before x); the one before it may be nearer.
  if (xs[rows[lo]] < x) return rows[lo];
  if (lo > 0 && x - xs[rows[lo - 1]] <= xs[rows[lo]] - x) return rows[lo - 1];
  return rows[lo];
}

/**
 * The point each listed column shows for a cursor at x: [{column, x, y}] with x/y null when the column has
 * no value at all.
 */
export function pointsAt(data, rowsByColumn, columns, x) {
  return columns.map((column) => {
    const row = nearestRow(data[0], rowsByColumn[column], x);
    return row < 0 ? { column, x: null, y: null } : { column, x: data[0][row], y: data[column][row] };
  });
}
