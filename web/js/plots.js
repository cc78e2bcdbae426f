// Small canvas plots of run summaries: parallel coordinates and a scatter. Axes are numeric when every
// value parses as a number, categorical otherwise.
import { formatNumber } from './format.js';

const FONT = '11px system-ui, -apple-system, "Segoe UI", sans-serif';

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

/** A scale over values: {toUnit(v) → 0..1 or null, ticks: [{unit, label}]}. */
export function scaleFor(values) {
  const present = values.filter((v) => v != null && v !== '');
  const numbers = present.map(Number);
  if (present.length && numbers.every(Number.isFinite)) {
    let min = Math.min(...numbers);
    let max = Math.max(...numbers);
    if (min === max) { min -= 0.5; max += 0.5; }
    const ticks = [0, 0.25, 0.5, 0.75, 1].map((unit) => ({ unit, label: formatNumber(min + unit * (max - min)) }));
    return { numeric: true, toUnit: (v) => (v == null || v === '' || !Number.isFinite(Number(v)) ? null : (Number(v) - min) / (max - min)), ticks };
  }
  const categories = [...new Set(present.map(String))].sort();
  const unitOf = (i) => (categories.length === 1 ? 0.5 : i / (categories.length - 1));
  return { numeric: false, toUnit: (v) => (v == null || v === '' ? null : unitOf(categories.indexOf(String(v)))),
    ticks: categories.map((c, i) => ({ unit: unitOf(i), label: c })) };
}

/** dims: [{label, value(item)}]; items: [{color, ...}]. */
export function drawParallel(canvas, items, dims, width, height = 280) {
  const ctx = setupCanvas(canvas, width, height);
  const top = 34;
  const bottom = height - 18;
  const left = 50;
  const right = width - 50;
  if (dims.length < 2) {
    ctx.fillStyle = '#6b7280';
    ctx.fillText('Choose at least two axes.', left, height / 2);
    return;
  }
  const step = (right - left) / (dims.length - 1);
  const scales = dims.map((dim) => scaleFor(items.map((item) => dim.value(item))));
  const yOf = (unit) => bottom - unit * (bottom - top);
  ctx.lineWidth = 1.6;
  for (const item of items) {
    ctx.strokeStyle = item.color;
    ctx.globalAlpha = 0.8;
    ctx.beginPath();
    let pen = false;
    dims.forEach((dim, i) => {
      const unit = scales[i].toUnit(dim.value(item));
      if (unit == null) { pen = false; return; }
      const x = left + i * step;
      if (pen) ctx.lineTo(x, yOf(unit)); else ctx.moveTo(x, yOf(unit));
      pen = true;
    });
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
  dims.forEach((dim, i) => {
    const x = left + i * step;
    ctx.strokeStyle = '#9ca3af';
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, bottom);
    ctx.stroke();
    ctx.fillStyle = '#111827';
    ctx.textAlign = i === 0 ? 'left' : i === dims.length - 1 ? 'right' : 'center';
    ctx.font = `600 ${FONT}`;
    ctx.fillText(truncate(dim.label, Math.max(8, Math.floor(step / 7))), x, 14);
    ctx.font = FONT;
    ctx.fillStyle = '#6b7280';
    ctx.textAlign = 'left';
    const ticks = scales[i].ticks.length > 8 ? scales[i].ticks.filter((_, j, all) => j % Math.ceil(all.length / 8) === 0) : scales[i].ticks;
    for (const tick of ticks) {
      const label = truncate(tick.label, 10);
      const y = yOf(tick.unit);
      ctx.fillRect(x - 3, y, 6, 1);
      ctx.fillText(label, x + 5, y + 4);
    }
  });
}

/** points: [{x, y, color, label}] with raw values; draws dots with axes and labels. */
export function drawScatter(canvas, points, xLabel, yLabel, width, height = 280) {
  const ctx = setupCanvas(canvas, width, height);
  const left = 64;
  const right = width - 20;
  const top = 14;
  const bottom = height - 40;
  const xs = scaleFor(points.map((p) => p.x));
  const ys = scaleFor(points.map((p) => p.y));
  const px = (unit) => left + 10 + unit * (right - left - 20);
  const py = (unit) => bottom - 10 - unit * (bottom - top - 20);
  ctx.strokeStyle = '#eef0f3';
  ctx.fillStyle = '#6b7280';
  ctx.lineWidth = 1;
  for (const tick of ys.ticks.slice(0, 12)) {
    const y = py(tick.unit);
    ctx.beginPath(); ctx.moveTo(left, y); ctx.lineTo(right, y); ctx.stroke();
    ctx.textAlign = 'right';
    ctx.fillText(truncate(tick.label, 9), left - 6, y + 4);
  }
  for (const tick of xs.ticks.slice(0, 12)) {
    const x = px(tick.unit);
    ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, bottom); ctx.stroke();
    ctx.textAlign = 'center';
    ctx.fillText(truncate(tick.label, 10), x, bottom + 14);
  }
  ctx.strokeStyle = '#9ca3af';
  ctx.strokeRect(left, top, right - left, bottom - top);
  ctx.fillStyle = '#374151';
  ctx.textAlign = 'center';
  ctx.fillText(xLabel, (left + right) / 2, height - 6);
  ctx.save();
  ctx.translate(12, (top + bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText(yLabel, 0, 0);
  ctx.restore();
  for (const point of points) {
    const ux = xs.toUnit(point.x);
    const uy = ys.toUnit(point.y);
    if (ux == null || uy == null) continue;
    ctx.fillStyle = point.color;
    ctx.beginPath();
    ctx.arc(px(ux), py(uy), 4.5, 0, Math.PI * 2);
    ctx.fill();
    ctx.strokeStyle = '#fff';
    ctx.stroke();
  }
}

function truncate(text, n) {
  const s = String(text);
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}
