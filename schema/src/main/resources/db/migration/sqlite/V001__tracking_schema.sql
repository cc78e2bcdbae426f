-- Experiments, runs, config, tags, metric series with summaries, metric points, envelope chunks, artifact index.
-- Times are epoch milliseconds. A NULL metric value means NaN (SQLite stores a bound NaN as NULL).

CREATE TABLE experiments (
    experiment_id       INTEGER PRIMARY KEY,
    name                TEXT    NOT NULL UNIQUE,
    description         TEXT    NOT NULL DEFAULT '',
    artifact_location   TEXT    NOT NULL DEFAULT '',
    lifecycle_stage     TEXT    NOT NULL DEFAULT 'active',
    creation_time_ms    INTEGER NOT NULL,
    last_update_time_ms INTEGER NOT NULL
);

INSERT INTO experiments (experiment_id, name, creation_time_ms, last_update_time_ms)
VALUES (0, 'Default', CAST(strftime('%s','now') AS INTEGER) * 1000, CAST(strftime('%s','now') AS INTEGER) * 1000);

CREATE TABLE experiment_tags (
    experiment_id INTEGER NOT NULL REFERENCES experiments (experiment_id),
    key           TEXT    NOT NULL,
    value         TEXT    NOT NULL,
    PRIMARY KEY (experiment_id, key)
) WITHOUT ROWID;

CREATE TABLE runs (
    run_id           TEXT    NOT NULL PRIMARY KEY,
    experiment_id    INTEGER NOT NULL REFERENCES experiments (experiment_id),
    name             TEXT    NOT NULL,
    status           TEXT    NOT NULL,
    start_time_ms    INTEGER NOT NULL,
    end_time_ms      INTEGER,
    lifecycle_stage  TEXT    NOT NULL DEFAULT 'active',
    deleted_time_ms  INTEGER,
    user_id          TEXT    NOT NULL DEFAULT '',
    parent_run_id    TEXT,
    notes            TEXT    NOT NULL DEFAULT '',
    artifact_uri     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX runs_by_experiment ON runs (experiment_id, start_time_ms DESC);
CREATE INDEX runs_by_parent ON runs (parent_run_id);

CREATE TABLE params (
    run_id TEXT NOT NULL REFERENCES runs (run_id),
    key    TEXT NOT NULL,
    value  TEXT NOT NULL,
    PRIMARY KEY (run_id, key)
) WITHOUT ROWID;

CREATE TABLE run_tags (
    run_id TEXT NOT NULL REFERENCES runs (run_id),
    key    TEXT NOT NULL,
    value  TEXT NOT NULL,
    PRIMARY KEY (run_id, key)
) WITHOUT ROWID;

-- One row per (run, key). The summary is updated in the same transaction as the points,
-- so tables and search never scan points. "first"/"last" are the points with the smallest/greatest
-- (step, timestamp), so first_step and last_step are also the series' step extent.
CREATE TABLE metric_series (
    series_id         INTEGER PRIMARY KEY,
    run_id            TEXT    NOT NULL REFERENCES runs (run_id),
    key               TEXT    NOT NULL,
    point_count       INTEGER NOT NULL,
    nan_count         INTEGER NOT NULL,
    min_value         REAL,
    max_value         REAL,
    sum_value         REAL,
    first_step        INTEGER NOT NULL,
    first_timestamp_ms INTEGER NOT NULL,
    first_value       REAL,
    last_step         INTEGER NOT NULL,
    last_timestamp_ms INTEGER NOT NULL,
    last_value        REAL,
    UNIQUE (run_id, key)
);

-- A point's identity is the whole tuple, as in MLflow: sending the same point twice stores it once.
-- is_nan keeps NaN points distinct from each other in the key (value is 0 for them).
CREATE TABLE metric_points (
    series_id    INTEGER NOT NULL,
    step         INTEGER NOT NULL,
    timestamp_ms INTEGER NOT NULL,
    value        REAL    NOT NULL,
    is_nan       INTEGER NOT NULL,
    PRIMARY KEY (series_id, step, timestamp_ms, value, is_nan)
) WITHOUT ROWID;

-- Envelope pyramid: per series, per level L, one row per chunk of 2^L consecutive steps
-- (chunk_index = floor(step / 2^L)). Maintained at write time from newly inserted points only,
-- so a coarse query reads chunks, never raw points.
CREATE TABLE metric_chunks (
    series_id          INTEGER NOT NULL,
    level              INTEGER NOT NULL,
    chunk_index        INTEGER NOT NULL,
    point_count        INTEGER NOT NULL,
    nan_count          INTEGER NOT NULL,
    min_value          REAL,
    max_value          REAL,
    sum_value          REAL,
    first_step         INTEGER NOT NULL,
    first_timestamp_ms INTEGER NOT NULL,
    first_value        REAL,
    last_step          INTEGER NOT NULL,
    last_timestamp_ms  INTEGER NOT NULL,
    last_value         REAL,
    PRIMARY KEY (series_id, level, chunk_index)
) WITHOUT ROWID;

CREATE TABLE artifacts (
    run_id        TEXT    NOT NULL REFERENCES runs (run_id),
    path          TEXT    NOT NULL,
    size_bytes    INTEGER NOT NULL,
    sha256        TEXT    NOT NULL,
    content_type  TEXT    NOT NULL,
    modified_time_ms INTEGER NOT NULL,
    PRIMARY KEY (run_id, path)
) WITHOUT ROWID;
