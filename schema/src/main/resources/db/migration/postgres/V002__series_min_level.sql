-- The finest envelope level kept for a series, chosen from the step spacing of its first batch:
-- finer chunks of a sparse series would each hold about one point and only cost writes.
ALTER TABLE metric_series ADD COLUMN min_level INTEGER NOT NULL DEFAULT 4;
