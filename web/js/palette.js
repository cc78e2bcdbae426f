// Series colours by a run's position in a comparison: ten distinct hues that stay readable on white and
// on the dark chart theme. The server's chart images use the same list (dev.sextant.server.chart.Palette);
// a server test keeps the two in step.
export const PALETTE = ["#2563eb", "#e8590c", "#0f9d58", "#d6336c", "#7048e8", "#0c8599", "#c2255c", "#5c940d", "#f59f00", "#495057"];

export function colorFor(index) {
  return PALETTE[((index % PALETTE.length) + PALETTE.length) % PALETTE.length];
}
