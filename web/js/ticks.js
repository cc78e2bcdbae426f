// Axis tick labels: short, distinct and true to the value. Large numbers take SI suffixes (10k, 2.5M), tiny
// ones an exponent (6e-4, 1.25e-3), the rest plain decimals; each axis gets the fewest digits that still
// tell its ticks apart. Relative time ticks fall on whole seconds, minutes and hours (1/2/5/10/15/30).

const SUFFIXES = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
const MAX_DIGITS = 12;

const trimZeros = (text) => text.replace(/(\.\d*?)0+(?=$|e)/, '$1').replace(/\.(?=$|e)/, '');

/** value with `digits` decimals in the given style: 'fixed', 'exp' or an SI divisor/suffix pair. */
function styled(value, style, digits) {
  if (value === 0) return '0';
  let text;
  if (style === 'fixed') text = value.toFixed(digits);
  else if (style === 'exp') text = value.toExponential(digits).replace('e+', 'e');
  else text = (value / style[0]).toFixed(digits) + style[1];
  text = style === 'fixed' || style === 'exp' ? trimZeros(text) : trimZeros(text.slice(0, -1)) + style[1];
  return text === '-0' ? '0' : text;
}

/** Parses a label made by styled() back into a number (used to check a precision is enough). */
export function parseTick(label) {
  const suffix = SUFFIXES.find(([, s]) => label.endsWith(s));
  return suffix ? Number(label.slice(0, -1)) * suffix[0] : Number(label);
}

function styleFor(maxAbs) {
  if (maxAbs >= 1e4) return SUFFIXES.find(([divisor]) => maxAbs >= divisor * 0.9999) || 'fixed';
  if (maxAbs > 0 && maxAbs < 1e-3) return 'exp';
  return 'fixed';
}

/**
 * Labels for the tick values of one linear axis, with the fewest digits that make every label distinct and
 * within a hundredth of the tick spacing of its value: SI suffixes from 10,000 up, an exponent below 0.001,
 * plain decimals between; past 6 characters, whichever style is shorter.
 */
export function tickLabels(values) {
  const finite = values.filter(Number.isFinite);
  if (!finite.length) return values.map(String);
  const sorted = [...finite].sort((a, b) => a - b);
  let spacing = Infinity;
  for (let i = 1; i < sorted.length; i++) if (sorted[i] > sorted[i - 1]) spacing = Math.min(spacing, sorted[i] - sorted[i - 1]);
  const maxAbs = Math.max(...finite.map(Math.abs));
  if (!Number.isFinite(spacing)) spacing = maxAbs || 1;
  const style = styleFor(maxAbs);
  let best = labelsIn(style, values, spacing);
  if (best && longest(best) <= 6) return best;
  for (const other of ['fixed', 'exp'].filter((s) => s !== style)) {
    const labels = labelsIn(other, values, spacing);
    if (labels && (!best || longest(labels) < longest(best))) best = labels;
  }
  return best || values.map(String);
}

const longest = (labels) => Math.max(...labels.map((label) => label.length));

function labelsIn(style, values, spacing) {
  const wanted = new Set(values).size;
  for (let digits = 0; digits <= MAX_DIGITS; digits++) {
    const labels = values.map((v) => (Number.isFinite(v) ? styled(v, style, digits) : String(v)));
    if (new Set(labels).size === wanted
      && values.every((v, i) => !Number.isFinite(v) || Math.abs(parseTick(labels[i]) - v) <= spacing / 100)) return labels;
  }
  return null;
}

/** One value on its own (a log-axis tick, a parallel-coordinates end): up to 3 significant digits. */
export function compactNumber(value) {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const style = styleFor(abs);
  for (let digits = 0; digits <= MAX_DIGITS; digits++) {
    const label = styled(value, style, digits);
    if (Math.abs(parseTick(label) - value) <= abs * 5e-3) return label;
  }
  return String(value);
}

/** Labels for a log axis: each tick on its own, since neighbours differ by a factor, not a step. */
export function logTickLabels(values) {
  return values.map((v) => (v == null ? '' : compactNumber(v)));
}

/** Nice spacings for a relative-time axis, in seconds: 1/2/5/10/15/30 s and min, then hours and days. */
export const RELATIVE_TIME_INCREMENTS = [1, 2, 5, 10, 15, 30,
  60, 120, 300, 600, 900, 1800,
  3600, 7200, 3 * 3600, 6 * 3600, 12 * 3600,
  86400, 2 * 86400, 7 * 86400, 14 * 86400, 30 * 86400, 91 * 86400, 365 * 86400];

/** "0", "45s", "5m", "1h 30m", "2d 6h": elapsed seconds at a relative-time tick. */
export function durationTick(seconds) {
  if (!Number.isFinite(seconds)) return '';
  const sign = seconds < 0 ? '-' : '';
  let s = Math.round(Math.abs(seconds));
  if (s === 0) return '0';
  const days = Math.floor(s / 86400); s -= days * 86400;
  const hours = Math.floor(s / 3600); s -= hours * 3600;
  const minutes = Math.floor(s / 60); s -= minutes * 60;
  const parts = [[days, 'd'], [hours, 'h'], [minutes, 'm'], [s, 's']].filter(([n]) => n > 0).slice(0, 2);
  return sign + parts.map(([n, unit]) => `${n}${unit}`).join(' ');
}

/** About `count` evenly spaced ticks on 1/2/5 × 10^k between min and max (for axes we draw ourselves). */
export function niceTicks(min, max, count = 5) {
  if (!(max > min)) return [min];
  const raw = (max - min) / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) || 10 * magnitude;
  const ticks = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return ticks;
}
