// Run colours: 24 hues picked greedily for the largest smallest CIEDE2000 distance between any two (17.4)
// among colours readable on white (L* 32–68, chroma ≥ 30). A run's colour is its id hashed into this list,
// so it does not depend on which runs are shown with it. The server's chart images use the same list and
// hash (dev.sextant.server.chart.Palette); a server test keeps the two in step.
export const PALETTE = ["#2563eb", "#87b400", "#ff000f", "#005a3c", "#ff69f0", "#3cb4c3", "#a5004b", "#694b1e",
  "#e19600", "#4bb478", "#b42dff", "#a596ff", "#961e0f", "#3ca5ff", "#4b5a00", "#ff0f69",
  "#782d87", "#0000ff", "#d28778", "#2d8778", "#96874b", "#00870f", "#a56996", "#b45a00"];

/** FNV-1a (32-bit) of the id's UTF-16 code units, reduced to a palette index. */
export function paletteIndex(runId) {
  let hash = 0x811c9dc5;
  const text = String(runId);
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % PALETTE.length;
}
