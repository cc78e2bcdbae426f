-- Sweeps: a hyperparameter search the server runs. The config is the JSON the user sent (validated);
-- next_trial_index counts trials handed out, so trial numbers are dense and never reused.
CREATE TABLE sweeps (
    sweep_id          TEXT    NOT NULL PRIMARY KEY,
    experiment_id     INTEGER NOT NULL REFERENCES experiments (experiment_id),
    name              TEXT    NOT NULL,
    config_json       TEXT    NOT NULL,
    state             TEXT    NOT NULL, -- RUNNING, PAUSED, FINISHED, STOPPED
    lifecycle_stage   TEXT    NOT NULL DEFAULT 'active',
    next_trial_index  INTEGER NOT NULL DEFAULT 0,
    creation_time_ms  INTEGER NOT NULL,
    last_update_time_ms INTEGER NOT NULL
);
CREATE INDEX sweeps_by_experiment ON sweeps (experiment_id, creation_time_ms DESC);

-- One row per trial handed out. A trial whose agent stopped sending heartbeats becomes LOST and its grid
-- point is free again: the partial unique index holds each grid point at most once among live trials.
CREATE TABLE sweep_trials (
    sweep_id          TEXT    NOT NULL REFERENCES sweeps (sweep_id),
    trial_index       INTEGER NOT NULL,
    run_id            TEXT    NOT NULL REFERENCES runs (run_id),
    grid_index        INTEGER,
    config_json       TEXT    NOT NULL,
    state             TEXT    NOT NULL, -- ACTIVE, LOST
    heartbeat_time_ms INTEGER NOT NULL,
    stop_reason       TEXT,
    PRIMARY KEY (sweep_id, trial_index)
);
CREATE UNIQUE INDEX sweep_trials_by_run ON sweep_trials (run_id);
CREATE UNIQUE INDEX sweep_trials_live_grid_point ON sweep_trials (sweep_id, grid_index)
    WHERE grid_index IS NOT NULL AND state <> 'LOST';

ALTER TABLE runs ADD COLUMN sweep_id TEXT;
CREATE INDEX runs_by_sweep ON runs (sweep_id);
