// The band drawn around a group's mean line: which statistic of the server's group buckets it spans.
export const BANDS = { ci95: '95% CI', stderr: '± std. error', std: '± std', minmax: 'min–max', none: 'no band' };

/** [low, high] of a group bucket for a band kind (nulls where the statistic is undefined, e.g. n = 1). */
export function bandOf(bucket, kind) {
  const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const mean = num(bucket.mean);
  switch (kind) {
    case 'ci95': return [num(bucket.ci95_low), num(bucket.ci95_high)];
    case 'stderr': return num(bucket.stderr) == null || mean == null ? [null, null] : [mean - bucket.stderr, mean + bucket.stderr];
    case 'std': return num(bucket.std) == null || mean == null ? [null, null] : [mean - bucket.std, mean + bucket.std];
    case 'minmax': return [num(bucket.min), num(bucket.max)];
    default: return [null, null];
  }
}
