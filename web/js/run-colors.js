// The colour of a run on every page: the user's choice if there is one, else its id hashed into the palette.
// Two runs shown together never share a colour: the second of a clashing pair gets a free colour, and that
// choice is remembered like a user's, so the run keeps it on every page and in every later selection.
// Choices live in this browser's localStorage; listeners hear about changes (from this tab or another).
import { PALETTE, paletteIndex } from './palette.js';

const STORAGE_KEY = 'sextant.runColors';
const MAX_REMEMBERED = 5000;
const EVENT = 'sextant:run-colors';

function load() {
  try {
    const parsed = JSON.parse(localStorage.getItem(STORAGE_KEY) || '{}');
    return parsed && typeof parsed === 'object' ? parsed : {};
  } catch (e) {
    return {}; // storage off or a bad value: hashed colours still work
  }
}

let chosen = load();

function save() {
  const ids = Object.keys(chosen);
  // Oldest first (insertion order): forget the oldest choices past the cap.
  for (const id of ids.slice(0, Math.max(0, ids.length - MAX_REMEMBERED))) delete chosen[id];
  try { localStorage.setItem(STORAGE_KEY, JSON.stringify(chosen)); } catch (e) { /* kept for this page only */ }
  window.dispatchEvent(new CustomEvent(EVENT));
}

const isColor = (value) => typeof value === 'string' && /^#[0-9a-f]{6}$/i.test(value);

/** The run's colour as #rrggbb. */
export function runColor(runId) {
  const own = chosen[runId];
  return isColor(own) ? own : PALETTE[paletteIndex(runId)];
}

/**
 * Colours for runs shown together (Map runId → colour): distinct while the palette lasts. Runs with a chosen
 * colour keep it; a run whose hashed colour is taken gets the next least-used one, remembered from then on.
 */
export function distinctRunColors(runIds) {
  const uses = new Map();
  const colors = new Map();
  const use = (id, color) => { colors.set(id, color); uses.set(color, (uses.get(color) || 0) + 1); };
  for (const id of runIds) if (isColor(chosen[id]) && !colors.has(id)) use(id, chosen[id]);
  let changed = false;
  for (const id of runIds) {
    if (colors.has(id)) continue;
    let color = PALETTE[paletteIndex(id)];
    if (uses.get(color)) {
      const start = PALETTE.indexOf(color);
      for (let k = 1; k < PALETTE.length; k++) {
        const candidate = PALETTE[(start + k) % PALETTE.length];
        if ((uses.get(candidate) || 0) < (uses.get(color) || 0)) color = candidate;
      }
      if (color !== PALETTE[paletteIndex(id)]) {
        chosen[id] = color;
        changed = true;
      }
    }
    use(id, color);
  }
  if (changed) save();
  return colors;
}

/** The user picked a colour for a run. */
export function setRunColor(runId, color) {
  if (!isColor(color)) return;
  delete chosen[runId];
  chosen[runId] = color.toLowerCase();
  save();
}

/** Forget the run's chosen colour: it goes back to its hashed one. */
export function resetRunColor(runId) {
  if (!(runId in chosen)) return;
  delete chosen[runId];
  save();
}

/** Calls listener() whenever a run's colour changes; returns the function that stops listening. */
export function onRunColorsChange(listener) {
  const fromOtherTab = (event) => {
    if (event.key !== STORAGE_KEY) return;
    chosen = load();
    listener();
  };
  window.addEventListener(EVENT, listener);
  window.addEventListener('storage', fromOtherTab);
  return () => {
    window.removeEventListener(EVENT, listener);
    window.removeEventListener('storage', fromOtherTab);
  };
}
