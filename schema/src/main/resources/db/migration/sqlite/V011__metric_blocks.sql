-- Sealed chunks (ADR 0013): the points of a series in steps [i·2^block_level, (i+1)·2^block_level), encoded as one
-- block (PointBlockCodec) once the series has moved past them or its run ended; their metric_points rows are deleted
-- in the same transaction. A point is stored in exactly one of the two tables. A rowid table, not WITHOUT ROWID:
-- its leaf pages keep records of up to ~4 KB inline, where an index b-tree would spill a block's bytes past ~1 KB
-- onto an overflow page of its own.
CREATE TABLE metric_blocks (
    series_id   INTEGER NOT NULL,
    chunk_index INTEGER NOT NULL,
    point_count INTEGER NOT NULL,
    data        BLOB    NOT NULL,
    PRIMARY KEY (series_id, chunk_index)
);

-- The step span of a series' blocks, chosen with its min level (about 16 to 256 points a block).
ALTER TABLE metric_series ADD COLUMN block_level INTEGER NOT NULL DEFAULT 8;
