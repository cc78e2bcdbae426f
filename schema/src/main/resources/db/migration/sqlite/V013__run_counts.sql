-- Each experiment's run count by lifecycle stage, kept by triggers on runs, so the experiment list reads one row
-- instead of counting 100,000 index entries an experiment (issue 18, ADR 0016). SQLite has one writer at a time,
-- so one row an experiment costs no waiting; PostgreSQL adds rows of deltas instead. A reader sums the rows of
-- an experiment on both.
CREATE TABLE run_counts (
    experiment_id INTEGER NOT NULL PRIMARY KEY REFERENCES experiments (experiment_id) ON DELETE CASCADE,
    active        INTEGER NOT NULL,
    deleted       INTEGER NOT NULL
);

INSERT INTO run_counts (experiment_id, active, deleted)
SELECT experiment_id, SUM(lifecycle_stage = 'active'), SUM(lifecycle_stage = 'deleted') FROM runs GROUP BY experiment_id;

CREATE TRIGGER runs_counted_on_insert AFTER INSERT ON runs BEGIN
    INSERT INTO run_counts (experiment_id, active, deleted)
    VALUES (NEW.experiment_id, NEW.lifecycle_stage = 'active', NEW.lifecycle_stage = 'deleted')
    ON CONFLICT (experiment_id) DO UPDATE SET active = active + excluded.active, deleted = deleted + excluded.deleted;
END;

CREATE TRIGGER runs_counted_on_delete AFTER DELETE ON runs BEGIN
    UPDATE run_counts SET active = active - (OLD.lifecycle_stage = 'active'), deleted = deleted - (OLD.lifecycle_stage = 'deleted')
    WHERE experiment_id = OLD.experiment_id;
END;

-- Only an update that moves a run between stages (or experiments) changes a count; status and name updates do not.
CREATE TRIGGER runs_counted_on_update AFTER UPDATE OF lifecycle_stage, experiment_id ON runs
WHEN OLD.lifecycle_stage IS NOT NEW.lifecycle_stage OR OLD.experiment_id IS NOT NEW.experiment_id BEGIN
    UPDATE run_counts SET active = active - (OLD.lifecycle_stage = 'active'), deleted = deleted - (OLD.lifecycle_stage = 'deleted')
    WHERE experiment_id = OLD.experiment_id;
    INSERT INTO run_counts (experiment_id, active, deleted)
    VALUES (NEW.experiment_id, NEW.lifecycle_stage = 'active', NEW.lifecycle_stage = 'deleted')
    ON CONFLICT (experiment_id) DO UPDATE SET active = active + excluded.active, deleted = deleted + excluded.deleted;
END;
