-- Issue 14: first and last are the least and greatest points in (step, timestamp, value, is_nan) order, a NaN being
-- stored as value 0 with is_nan 1 (so it comes just after a real 0). Rows written before kept whichever of the points
-- tied on (step, timestamp) arrived first (first) or last (last); re-pick among those points. Only rows with such a
-- tie are rewritten; counts, sums and step extents do not change.
UPDATE metric_series SET first_value = (
    SELECT CASE WHEN p.is_nan = 1 THEN NULL ELSE p.value END FROM metric_points p
     WHERE p.series_id = metric_series.series_id AND p.step = metric_series.first_step AND p.timestamp_ms = metric_series.first_timestamp_ms
     ORDER BY p.value ASC, p.is_nan ASC LIMIT 1)
 WHERE point_count > 1 AND EXISTS (
    SELECT 1 FROM metric_points p
     WHERE p.series_id = metric_series.series_id AND p.step = metric_series.first_step AND p.timestamp_ms = metric_series.first_timestamp_ms
       AND (p.value <> COALESCE(metric_series.first_value, 0) OR p.is_nan <> CASE WHEN metric_series.first_value IS NULL THEN 1 ELSE 0 END));

UPDATE metric_series SET last_value = (
    SELECT CASE WHEN p.is_nan = 1 THEN NULL ELSE p.value END FROM metric_points p
     WHERE p.series_id = metric_series.series_id AND p.step = metric_series.last_step AND p.timestamp_ms = metric_series.last_timestamp_ms
     ORDER BY p.value DESC, p.is_nan DESC LIMIT 1)
 WHERE point_count > 1 AND EXISTS (
    SELECT 1 FROM metric_points p
     WHERE p.series_id = metric_series.series_id AND p.step = metric_series.last_step AND p.timestamp_ms = metric_series.last_timestamp_ms
       AND (p.value <> COALESCE(metric_series.last_value, 0) OR p.is_nan <> CASE WHEN metric_series.last_value IS NULL THEN 1 ELSE 0 END));

UPDATE metric_chunks SET first_value = (
    SELECT CASE WHEN p.is_nan = 1 THEN NULL ELSE p.value END FROM metric_points p
     WHERE p.series_id = metric_chunks.series_id AND p.step = metric_chunks.first_step AND p.timestamp_ms = metric_chunks.first_timestamp_ms
     ORDER BY p.value ASC, p.is_nan ASC LIMIT 1)
 WHERE point_count > 1 AND EXISTS (
    SELECT 1 FROM metric_points p
     WHERE p.series_id = metric_chunks.series_id AND p.step = metric_chunks.first_step AND p.timestamp_ms = metric_chunks.first_timestamp_ms
       AND (p.value <> COALESCE(metric_chunks.first_value, 0) OR p.is_nan <> CASE WHEN metric_chunks.first_value IS NULL THEN 1 ELSE 0 END));

UPDATE metric_chunks SET last_value = (
    SELECT CASE WHEN p.is_nan = 1 THEN NULL ELSE p.value END FROM metric_points p
     WHERE p.series_id = metric_chunks.series_id AND p.step = metric_chunks.last_step AND p.timestamp_ms = metric_chunks.last_timestamp_ms
     ORDER BY p.value DESC, p.is_nan DESC LIMIT 1)
 WHERE point_count > 1 AND EXISTS (
    SELECT 1 FROM metric_points p
     WHERE p.series_id = metric_chunks.series_id AND p.step = metric_chunks.last_step AND p.timestamp_ms = metric_chunks.last_timestamp_ms
       AND (p.value <> COALESCE(metric_chunks.last_value, 0) OR p.is_nan <> CASE WHEN metric_chunks.last_value IS NULL THEN 1 ELSE 0 END));
