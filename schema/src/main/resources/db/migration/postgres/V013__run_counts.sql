-- Each experiment's run count by lifecycle stage, kept by triggers on runs, so the experiment list reads a few
-- rows instead of counting 100,000 index entries an experiment (63-90 ms on PostgreSQL; issue 18, ADR 0016).
-- A change of the count is a new row of deltas, never an update of a shared counter row: concurrent run creations
-- in one experiment would otherwise wait on that row's lock until each other's commit. A reader sums the rows.
CREATE TABLE run_counts (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    experiment_id BIGINT NOT NULL REFERENCES experiments (experiment_id) ON DELETE CASCADE,
    active        BIGINT NOT NULL,
    deleted       BIGINT NOT NULL
);
CREATE INDEX run_counts_by_experiment ON run_counts (experiment_id);

-- Adds a change to an experiment's count and folds the rows it may into that one: the committed rows no other
-- transaction is folding (SKIP LOCKED, so it never waits), deleted and summed into the new row. Each committed row
-- is folded by exactly one transaction, so the sum stays exact; the experiment keeps about one row a writer.
CREATE FUNCTION add_run_counts(counted_experiment BIGINT, active_change BIGINT, deleted_change BIGINT) RETURNS VOID
LANGUAGE sql AS $$
    WITH folded AS (
        DELETE FROM run_counts WHERE id IN (
            SELECT id FROM run_counts WHERE experiment_id = counted_experiment FOR UPDATE SKIP LOCKED)
        RETURNING active, deleted)
    INSERT INTO run_counts (experiment_id, active, deleted)
    SELECT counted_experiment, COALESCE(SUM(active), 0) + active_change, COALESCE(SUM(deleted), 0) + deleted_change
    FROM folded;
$$;

-- Once a statement (an experiment's delete changes 100,000 runs in one): the runs it added, removed or moved
-- between stages, per experiment. An update that changes no run's stage or experiment changes no count.
CREATE FUNCTION count_runs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM add_run_counts(experiment_id, COUNT(*) FILTER (WHERE lifecycle_stage = 'active'),
                               COUNT(*) FILTER (WHERE lifecycle_stage = 'deleted'))
        FROM new_runs GROUP BY experiment_id;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM add_run_counts(experiment_id, -COUNT(*) FILTER (WHERE lifecycle_stage = 'active'),
                               -COUNT(*) FILTER (WHERE lifecycle_stage = 'deleted'))
        FROM old_runs GROUP BY experiment_id;
    ELSE
        PERFORM add_run_counts(experiment_id, SUM(active), SUM(deleted))
        FROM (SELECT experiment_id, (lifecycle_stage = 'active')::INT AS active, (lifecycle_stage = 'deleted')::INT AS deleted
              FROM new_runs
              UNION ALL
              SELECT experiment_id, -(lifecycle_stage = 'active')::INT, -(lifecycle_stage = 'deleted')::INT
              FROM old_runs) changes
        GROUP BY experiment_id HAVING SUM(active) <> 0 OR SUM(deleted) <> 0;
    END IF;
    RETURN NULL;
END $$;

-- Creating the triggers locks runs against writes until this migration commits, so the counts below miss none.
CREATE TRIGGER runs_counted_on_insert AFTER INSERT ON runs REFERENCING NEW TABLE AS new_runs
    FOR EACH STATEMENT EXECUTE FUNCTION count_runs();
CREATE TRIGGER runs_counted_on_update AFTER UPDATE ON runs REFERENCING OLD TABLE AS old_runs NEW TABLE AS new_runs
    FOR EACH STATEMENT EXECUTE FUNCTION count_runs();
CREATE TRIGGER runs_counted_on_delete AFTER DELETE ON runs REFERENCING OLD TABLE AS old_runs
    FOR EACH STATEMENT EXECUTE FUNCTION count_runs();

INSERT INTO run_counts (experiment_id, active, deleted)
SELECT experiment_id, COUNT(*) FILTER (WHERE lifecycle_stage = 'active'), COUNT(*) FILTER (WHERE lifecycle_stage = 'deleted')
FROM runs GROUP BY experiment_id;
