// Small canvas plots of run summaries: parallel coordinates and a scatter. An axis is numeric when every
// value is a number (NaN and ±Infinity included: they get rows of their own beyond the ends, so one
// diverged run does not turn the axis into text), categorical otherwise. Labels never overlap: each is cut
// to the room it has. Both plots leave what they drew on canvas.sextantLayout for tests.
import { tickLabels, niceTicks } from './ticks.js';

const FONT = '11px system-ui, -apple-system, "Segoe UI", sans-serif';
const BOLD = `600 ${FONT}`;
const SPECIAL = { NaN: 'NaN', Infinity: '+Inf', '-Infinity': '-Inf' };
const SPECIAL_UNIT = { Infinity: 1.12, '-Infinity': -0.12, NaN: -0.24 };
const GAP = 6;

function setupCanvas(canvas, cssWidth, cssHeight) {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(cssWidth * ratio);
  canvas.height = Math.round(cssHeight * ratio);
  canvas.style.width = `${cssWidth}px`;
  canvas.style.height = `${cssHeight}px`;
  const ctx = canvas.getContext('2d');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, cssWidth, cssHeight);
  ctx.font = FONT;
  return ctx;
}

/** 'NaN' / 'Infinity' / '-Infinity' for those values (numbers or the API's strings), else null. */
function specialOf(v) {
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : null;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (t === 'nan') return 'NaN';
    if (t === 'inf' || t === 'infinity' || t === '+inf' || t === '+infinity') return 'Infinity';
    if (t === '-inf' || t === '-infinity') return '-Infinity';
  }
  return null;
}

const finiteOf = (v) => (v == null || v === '' || specialOf(v) ? null : Number.isFinite(Number(v)) ? Number(v) : null);

/**
 * A scale over values: {numeric, toUnit(v) → number or null, ticks: [{unit, label}], low, high} where finite
 * values map to 0..1 and NaN/±Inf to units beyond (low..high is the whole range to draw).
 */
export function scaleFor(values, tickCount = 5) {
  const present = values.filter((v) => v != null && v !== '');
  const specials = new Set(present.map(specialOf).filter(Boolean));
  const numbers = present.map(finiteOf).filter((v) => v != null);
  if (present.length && numbers.length + present.filter(specialOf).length === present.length) {
    let min = numbers.length ? Math.min(...numbers) : 0;
    let max = numbers.length ? Math.max(...numbers) : 1;
    if (min === max) { min -= Math.abs(min) / 2 || 0.5; max += Math.abs(max) / 2 || 0.5; }
    const at = niceTicks(min, max, tickCount).filter((v) => v >= min && v <= max);
    const labels = tickLabels(at);
    const ticks = at.map((v, i) => ({ unit: (v - min) / (max - min), label: labels[i] }));
    for (const special of specials) ticks.push({ unit: SPECIAL_UNIT[special], label: SPECIAL[special], special: true });
    return {
      numeric: true, min, max,
      low: Math.min(0, ...[...specials].map((s) => SPECIAL_UNIT[s])),
      high: Math.max(1, ...[...specials].map((s) => SPECIAL_UNIT[s])),
      toUnit: (v) => {
        const special = specialOf(v);
        if (special) return SPECIAL_UNIT[special];
        const n = finiteOf(v);
        return n == null ? null : (n - min) / (max - min);
      },
      ticks,
    };
  }
  const categories = [...new Set(present.map(String))].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  const unitOf = (i) => (categories.length === 1 ? 0.5 : i / (categories.length - 1));
  return { numeric: false, low: 0, high: 1,
    toUnit: (v) => (v == null || v === '' ? null : unitOf(categories.indexOf(String(v)))),
    ticks: categories.map((c, i) => ({ unit: unitOf(i), label: c })) };
}

/** text cut with an ellipsis to at most maxWidth pixels in the context's current font. */
function fit(ctx, text, maxWidth) {
  const s = String(text);
  if (ctx.measureText(s).width <= maxWidth) return s;
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ctx.measureText(s.slice(0, mid) + '…').width <= maxWidth) lo = mid; else hi = mid - 1;
  }
  return lo ? s.slice(0, lo) + '…' : '';
}

/**
 * Draws text into a box [left, right] at baseline y (cut to fit), and returns the box it took. 'center'
 * centres it on `middle` (default: the box's middle) as far as the box allows.
 */
function place(ctx, text, left, right, y, align, middle = (left + right) / 2) {
  const shown = fit(ctx, text, Math.max(0, right - left));
  const width = ctx.measureText(shown).width;
  const x = align === 'left' ? left : align === 'right' ? right - width : Math.max(left, Math.min(right - width, middle - width / 2));
  ctx.textAlign = 'left';
  ctx.fillText(shown, x, y);
  return { text: shown, left: x, right: x + width, top: y - 10, bottom: y + 3 };
}

/** Tick rows at least minGap pixels apart (ends and NaN/Inf rows first). */
function spaced(ticks, yOf, minGap) {
  const order = [...ticks].sort((a, b) => Number(Boolean(b.special)) - Number(Boolean(a.special))
    || Math.min(a.unit, 1 - a.unit) - Math.min(b.unit, 1 - b.unit));
  const kept = [];
  for (const tick of order) if (kept.every((k) => Math.abs(yOf(k.unit) - yOf(tick.unit)) >= minGap)) kept.push(tick);
  return kept;
}

/** dims: [{label, value(item)}]; items: [{color, ...}]. */
export function drawParallel(canvas, items, dims, width, height = 300) {
  const ctx = setupCanvas(canvas, width, height);
  const layout = { axes: [] };
  canvas.sextantLayout = layout;
  if (dims.length < 2) {
    ctx.fillStyle = '#6b7280';
    ctx.fillText('Choose at least two axes.', 20, height / 2);
    return layout;
  }
  const scales = dims.map((dim) => scaleFor(items.map((item) => dim.value(item)), 5));
  const low = Math.min(...scales.map((s) => s.low));
  const high = Math.max(...scales.map((s) => s.high));
  const top = 46;
  const bottom = height - 14;
  const yOf = (unit) => bottom - ((unit - low) / (high - low)) * (bottom - top);
  // Room on the right for the last axis's tick labels.
  const lastWidest = Math.max(0, ...scales[scales.length - 1].ticks.map((t) => ctx.measureText(String(t.label)).width));
  const left = 12;
  const right = width - Math.min(120, lastWidest + 12);
  const step = (right - left) / (dims.length - 1);
  const xOf = (i) => left + i * step;

  ctx.lineWidth = 1.6;
  for (const item of items) {
    ctx.strokeStyle = item.color;
    ctx.globalAlpha = 0.8;
    ctx.beginPath();
    let pen = false;
    dims.forEach((dim, i) => {
      const unit = scales[i].toUnit(dim.value(item));
      if (unit == null) { pen = false; return; }
      if (pen) ctx.lineTo(xOf(i), yOf(unit)); else ctx.moveTo(xOf(i), yOf(unit));
      pen = true;
    });
    ctx.stroke();
  }
  ctx.globalAlpha = 1;

  // Axis names: one row when they fit, else two staggered rows; each cut to the room between its neighbours.
  ctx.font = BOLD;
  const twoRows = dims.some((dim) => ctx.measureText(dim.label).width > step - GAP);
  const rowOf = (i) => (twoRows ? i % 2 : 0);
  dims.forEach((dim, i) => {
    const sameRow = dims.map((_, j) => j).filter((j) => rowOf(j) === rowOf(i));
    const k = sameRow.indexOf(i);
    const roomLeft = k > 0 ? (xOf(sameRow[k - 1]) + xOf(i)) / 2 + GAP / 2 : 0;
    const roomRight = k < sameRow.length - 1 ? (xOf(sameRow[k + 1]) + xOf(i)) / 2 - GAP / 2 : width;
    const wanted = ctx.measureText(dim.label).width;
    const boxLeft = Math.max(roomLeft, Math.min(xOf(i) - wanted / 2, roomRight - wanted));
    ctx.fillStyle = '#111827';
    const box = place(ctx, dim.label, boxLeft, Math.min(roomRight, boxLeft + wanted), 14 + rowOf(i) * 14, 'left');
    layout.axes.push({ label: dim.label, x: xOf(i), numeric: scales[i].numeric, labelBox: box, ticks: [] });
  });

  ctx.font = FONT;
  dims.forEach((dim, i) => {
    const x = xOf(i);
    ctx.strokeStyle = '#9ca3af';
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(x, yOf(low));
    ctx.lineTo(x, yOf(high));
    ctx.stroke();
    const roomRight = i < dims.length - 1 ? xOf(i + 1) - GAP : width;
    for (const tick of spaced(scales[i].ticks, yOf, 14)) {
      const y = yOf(tick.unit);
      ctx.fillStyle = tick.special ? '#b42318' : '#6b7280';
      ctx.fillRect(x - 3, y, 6, 1);
      const box = place(ctx, tick.label, x + 5, roomRight, y + 4, 'left');
      layout.axes[i].ticks.push({ label: tick.label, shown: box.text, y, box });
    }
  });
  return layout;
}

/** points: [{x, y, color}] with raw values; draws dots with axes and labels. */
export function drawScatter(canvas, points, xLabel, yLabel, width, height = 300) {
  const ctx = setupCanvas(canvas, width, height);
  const xs = scaleFor(points.map((p) => p.x), 6);
  const ys = scaleFor(points.map((p) => p.y), 6);
  const yTicks = ys.ticks;
  const axisWidth = Math.min(80, Math.max(...yTicks.map((t) => ctx.measureText(String(t.label)).width), 20) + 10);
  const left = 20 + axisWidth;
  const right = width - 16;
  const top = 12;
  const bottom = height - 40;
  const px = (unit) => left + 10 + ((unit - xs.low) / (xs.high - xs.low)) * (right - left - 20);
  const py = (unit) => bottom - 10 - ((unit - ys.low) / (ys.high - ys.low)) * (bottom - top - 20);
  const layout = { x: [], y: [], dots: 0 };
  canvas.sextantLayout = layout;
  ctx.strokeStyle = '#eef0f3';
  ctx.lineWidth = 1;
  for (const tick of spaced(yTicks, py, 14)) {
    const y = py(tick.unit);
    ctx.beginPath(); ctx.moveTo(left, y); ctx.lineTo(right, y); ctx.stroke();
    ctx.fillStyle = tick.special ? '#b42318' : '#6b7280';
    layout.y.push({ label: tick.label, y, box: place(ctx, tick.label, 18, left - 6, y + 4, 'right') });
  }
  // x labels: centred under their tick, each in the room halfway to its neighbours.
  const xTicks = spaced(xs.ticks, px, 1).sort((a, b) => a.unit - b.unit);
  xTicks.forEach((tick, i) => {
    const x = px(tick.unit);
    ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, bottom); ctx.stroke();
    const roomLeft = i > 0 ? (px(xTicks[i - 1].unit) + x) / 2 + GAP / 2 : left - 10;
    const roomRight = i < xTicks.length - 1 ? (px(xTicks[i + 1].unit) + x) / 2 - GAP / 2 : width;
    ctx.fillStyle = tick.special ? '#b42318' : '#6b7280';
    layout.x.push({ label: tick.label, x, box: place(ctx, tick.label, roomLeft, roomRight, bottom + 14, 'center', x) });
  });
  ctx.strokeStyle = '#9ca3af';
  ctx.strokeRect(left, top, right - left, bottom - top);
  ctx.fillStyle = '#374151';
  place(ctx, xLabel, left, right, height - 6, 'center');
  ctx.save();
  ctx.translate(11, (top + bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.fillText(fit(ctx, yLabel, bottom - top), 0, 0);
  ctx.restore();
  for (const point of points) {
    const ux = xs.toUnit(point.x);
    const uy = ys.toUnit(point.y);
    if (ux == null || uy == null) continue;
    layout.dots += 1;
    ctx.fillStyle = point.color;
    ctx.beginPath();
    ctx.arc(px(ux), py(uy), 4.5, 0, Math.PI * 2);
    ctx.fill();
    ctx.strokeStyle = '#fff';
    ctx.stroke();
  }
  return layout;
}

