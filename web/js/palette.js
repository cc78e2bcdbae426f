// Series colours shared by every chart (and by the server-side PNG charts): ten distinct hues that stay
// readable on white, in the order runs are assigned them.
export const PALETTE = [
  '#2563eb', '#e8590c', '#0f9d58', '#d6336c', '#7048e8',
  '#0c8599', '#c2255c', '#5c940d', '#f59f00', '#495057',
];

export const colorFor = (index) => PALETTE[index % PALETTE.length];
