package dev.sextant.server.store;

/**
 * What sealing raw points would save, estimated without writing: a sample of their chunks is encoded with the block
 * codec; the raw table's bytes shrink by the sealed rows' share, the blocks grow by the sampled bytes per point plus
 * page slack and row headers.
 *
 * @param rawPoints            raw rows that would be sealed
 * @param sampledPoints        how many of them the sample encoded
 * @param encodedBytesPerPoint the sample's encoded bytes per point
 * @param pointBytesNow        the point tables' bytes now (as {@link PointStorage#pointBytes()})
 * @param pointBytesAfter      the estimate after sealing
 */
public record CompactionEstimate(long rawPoints, long sampledPoints, double encodedBytesPerPoint, long pointBytesNow,
                                 long pointBytesAfter) {}
