-- When an experiment was deleted. Deleting an experiment deletes its active runs at the same moment, so
-- restoring it brings back exactly those runs (their deleted_time_ms equals this), not runs deleted one by one.
ALTER TABLE experiments ADD COLUMN deleted_time_ms BIGINT;
