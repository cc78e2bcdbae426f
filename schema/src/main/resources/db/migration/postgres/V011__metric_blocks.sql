-- Sealed chunks (ADR 0013): the points of a series in steps [i·2^block_level, (i+1)·2^block_level), encoded as one
-- block (PointBlockCodec) once the series has moved past them or its run ended; their metric_points rows are deleted
-- in the same transaction. A point is stored in exactly one of the two tables.
CREATE TABLE metric_blocks (
    series_id   BIGINT  NOT NULL,
    chunk_index BIGINT  NOT NULL,
    point_count INTEGER NOT NULL,
    data        BYTEA   NOT NULL,
    PRIMARY KEY (series_id, chunk_index)
);
-- Encoded points do not compress further: skip TOAST's compression attempt.
ALTER TABLE metric_blocks ALTER COLUMN data SET STORAGE EXTERNAL;

-- The step span of a series' blocks, chosen with its min level (about 16 to 256 points a block).
ALTER TABLE metric_series ADD COLUMN block_level INTEGER NOT NULL DEFAULT 8;
