-- MLflow 3's logged models: a model with its own id, params, tags, metrics and files, made by a run (or not).
-- Deleting one is soft (lifecycle_stage), as for runs. Times are epoch milliseconds.
CREATE TABLE logged_models (
    model_id             TEXT    NOT NULL PRIMARY KEY,
    experiment_id        BIGINT  NOT NULL REFERENCES experiments (experiment_id),
    name                 TEXT    NOT NULL,
    model_type           TEXT    NOT NULL DEFAULT '',
    source_run_id        TEXT,
    status               TEXT    NOT NULL,
    status_message       TEXT    NOT NULL DEFAULT '',
    lifecycle_stage      TEXT    NOT NULL DEFAULT 'active',
    creation_time_ms     BIGINT  NOT NULL,
    last_updated_time_ms BIGINT  NOT NULL
);
CREATE INDEX logged_models_by_experiment ON logged_models (experiment_id, creation_time_ms DESC);
CREATE INDEX logged_models_by_run ON logged_models (source_run_id);

CREATE TABLE logged_model_params (
    model_id TEXT NOT NULL REFERENCES logged_models (model_id),
    key      TEXT NOT NULL,
    value    TEXT NOT NULL,
    PRIMARY KEY (model_id, key)
);

CREATE TABLE logged_model_tags (
    model_id TEXT NOT NULL REFERENCES logged_models (model_id),
    key      TEXT NOT NULL,
    value    TEXT NOT NULL,
    PRIMARY KEY (model_id, key)
);

-- Metric points a run logged for a model, optionally measured on a dataset ('' when none); value NULL is NaN.
-- The same point logged again (a retry) is stored once.
CREATE TABLE logged_model_metrics (
    model_id       TEXT    NOT NULL REFERENCES logged_models (model_id),
    key            TEXT    NOT NULL,
    step           BIGINT  NOT NULL,
    timestamp_ms   BIGINT  NOT NULL,
    run_id         TEXT    NOT NULL,
    dataset_name   TEXT    NOT NULL DEFAULT '',
    dataset_digest TEXT    NOT NULL DEFAULT '',
    value          DOUBLE PRECISION,
    PRIMARY KEY (model_id, key, step, timestamp_ms, run_id, dataset_name, dataset_digest)
);

-- Which models a run produced (direction 'output', at a step) or used (direction 'input'); once per model each.
CREATE TABLE run_models (
    run_id    TEXT    NOT NULL REFERENCES runs (run_id),
    model_id  TEXT    NOT NULL,
    direction TEXT    NOT NULL,
    step      BIGINT  NOT NULL DEFAULT 0,
    position  INTEGER NOT NULL,
    PRIMARY KEY (run_id, direction, model_id)
);

-- The index of a logged model's files, as the artifacts table is for a run's.
CREATE TABLE logged_model_artifacts (
    model_id         TEXT    NOT NULL REFERENCES logged_models (model_id),
    path             TEXT    NOT NULL,
    size_bytes       BIGINT  NOT NULL,
    sha256           TEXT    NOT NULL,
    content_type     TEXT    NOT NULL,
    modified_time_ms BIGINT  NOT NULL,
    PRIMARY KEY (model_id, path)
);
