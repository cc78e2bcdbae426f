// Group colours: each group's label hashed into the run palette, a label whose colour is taken getting the
// next free one, in group order. The server's grouped chart images do the same (chart/GroupSeries.colors).
import { PALETTE, paletteIndex } from '../palette.js';

/** Map label → colour for labels in this order. */
export function groupColors(labels) {
  const used = new Set();
  const colors = new Map();
  for (const label of labels) {
    let index = paletteIndex(label);
    for (let tries = 0; tries < PALETTE.length && used.has(index); tries++) index = (index + 1) % PALETTE.length;
    used.add(index);
    colors.set(label, PALETTE[index]);
  }
  return colors;
}

const shortKey = (key) => key.replace(/^(params|config|tags|attributes)\./, '');

/** A group's label as the server's chart images write it: "lr=0.001, team=a", or "all runs". */
export function groupLabel(group) {
  const entries = Object.entries(group.group || {});
  if (!entries.length) return 'all runs';
  return entries.map(([key, value]) => `${shortKey(key)}=${value == null ? '(none)' : value}`).join(', ');
}
