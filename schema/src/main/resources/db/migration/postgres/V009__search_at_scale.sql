-- Which param, metric and tag keys an experiment's runs use (the runs table's column list), kept by the writes
-- that add keys, so listing them does not scan every param row of 100,000 runs.
CREATE TABLE experiment_keys (
    experiment_id BIGINT  NOT NULL,
    kind          TEXT    NOT NULL, -- 'param', 'metric' or 'tag'
    key           TEXT    NOT NULL,
    PRIMARY KEY (experiment_id, kind, key)
);

INSERT INTO experiment_keys (experiment_id, kind, key)
SELECT DISTINCT r.experiment_id, 'param', p.key FROM params p JOIN runs r ON r.run_id = p.run_id;
INSERT INTO experiment_keys (experiment_id, kind, key)
SELECT DISTINCT r.experiment_id, 'tag', t.key FROM run_tags t JOIN runs r ON r.run_id = t.run_id
ON CONFLICT DO NOTHING;
INSERT INTO experiment_keys (experiment_id, kind, key)
SELECT DISTINCT r.experiment_id, 'metric', m.key FROM metric_series m JOIN runs r ON r.run_id = m.run_id
ON CONFLICT DO NOTHING;

-- Run counts per experiment and lifecycle stage come from this index alone, and the runs table's default order
-- (newest first, then run id) of one stage is read from it without sorting.
CREATE INDEX runs_by_experiment_stage ON runs (experiment_id, lifecycle_stage, start_time_ms DESC, run_id);

-- A metric series knows its run's experiment, so "the runs of experiment E by their latest value of metric K"
-- is one index range, read in order: a search ordered by a metric stops after its page instead of sorting
-- every run of the experiment.
ALTER TABLE metric_series ADD COLUMN experiment_id BIGINT;
UPDATE metric_series m SET experiment_id = r.experiment_id FROM runs r WHERE r.run_id = m.run_id;
-- It holds run_id too, so reading it needs no table rows: a search whose filter bounds a metric reads the runs
-- that bound admits from it (10,000 of 100,000 runs: 0.34 s -> 0.20 s in SQLite on a loaded machine).
CREATE INDEX metric_series_by_value ON metric_series (experiment_id, key, last_value, run_id);
