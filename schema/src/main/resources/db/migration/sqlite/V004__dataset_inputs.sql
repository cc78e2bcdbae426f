-- Datasets a run read (MLflow's log-inputs): a dataset is kept once per experiment by (name, digest); a run
-- links to it at most once, with the input's own tags (mlflow.data.context = train / eval / ...).
CREATE TABLE datasets (
    dataset_id      INTEGER PRIMARY KEY,
    experiment_id   INTEGER NOT NULL REFERENCES experiments (experiment_id),
    name            TEXT    NOT NULL,
    digest          TEXT    NOT NULL,
    source_type     TEXT    NOT NULL,
    source          TEXT    NOT NULL,
    dataset_schema  TEXT,
    dataset_profile TEXT,
    UNIQUE (experiment_id, name, digest)
);

CREATE TABLE run_inputs (
    run_id     TEXT    NOT NULL REFERENCES runs (run_id),
    dataset_id INTEGER NOT NULL REFERENCES datasets (dataset_id),
    position   INTEGER NOT NULL, -- 0, 1, 2, ... in the order the run logged its inputs
    PRIMARY KEY (run_id, dataset_id)
) WITHOUT ROWID;

CREATE TABLE run_input_tags (
    run_id     TEXT    NOT NULL,
    dataset_id INTEGER NOT NULL,
    key        TEXT    NOT NULL,
    value      TEXT    NOT NULL,
    PRIMARY KEY (run_id, dataset_id, key),
    FOREIGN KEY (run_id, dataset_id) REFERENCES run_inputs (run_id, dataset_id)
) WITHOUT ROWID;
