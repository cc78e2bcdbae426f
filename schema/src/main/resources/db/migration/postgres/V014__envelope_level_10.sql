-- ADR 0017: the pyramid stores level 10 (1,024-step chunks) between 8 and 12, so a 1,000-bucket read of a million
-- steps takes one chunk row a bucket instead of four. Each level-10 chunk is the merge of the (at most four) level-8
-- chunks under it: counts add, min and max ignore NULL (no value), the sum is NULL (NaN) when a child's is, first comes
-- from the lowest child and last from the highest, since chunks are disjoint step ranges. Only series that keep level
-- 8 (min level 4 or 8) get them, and not those lying in one level-10 chunk: that chunk is their summary, never stored
-- (ImpliedChunks). Such a series' level-8 chunks are all stored, so nothing needs the raw points.
-- PostgreSQL's SUM fails when finite doubles overflow, so it adds quarters (at most four of them, each at most a
-- quarter of the largest double, cannot overflow; scaling by 4 is exact for sums above 2^-1020) and multiplies
-- back, saturating to ±Infinity as the Java merge does; a NaN (both infinities met) is stored as NULL.
INSERT INTO metric_chunks (series_id, level, chunk_index, point_count, nan_count, min_value, max_value, sum_value,
                           first_step, first_timestamp_ms, first_value, last_step, last_timestamp_ms, last_value)
SELECT g.series_id, 10, g.parent, g.points, g.nans, g.lowest, g.highest,
       CASE WHEN g.quarters IS NULL OR g.quarters = 'NaN'::float8 THEN NULL
            WHEN g.quarters > '4.4942328371557893E307'::float8 THEN 'Infinity'::float8
            WHEN g.quarters < '-4.4942328371557893E307'::float8 THEN '-Infinity'::float8
            ELSE g.quarters * 4 END,
       f.first_step, f.first_timestamp_ms, f.first_value, l.last_step, l.last_timestamp_ms, l.last_value
  FROM (SELECT c.series_id, c.chunk_index >> 2 AS parent, MIN(c.chunk_index) AS first_child,
               MAX(c.chunk_index) AS last_child, SUM(c.point_count) AS points, SUM(c.nan_count) AS nans,
               MIN(c.min_value) AS lowest, MAX(c.max_value) AS highest,
               CASE WHEN COUNT(c.sum_value) < COUNT(*) THEN NULL ELSE SUM(c.sum_value / 4) END AS quarters
          FROM metric_series s JOIN metric_chunks c ON c.series_id = s.series_id AND c.level = 8
         WHERE s.min_level <= 8 AND s.point_count > 0 AND (s.first_step >> 10) <> (s.last_step >> 10)
         GROUP BY c.series_id, c.chunk_index >> 2) g
  JOIN metric_chunks f ON f.series_id = g.series_id AND f.level = 8 AND f.chunk_index = g.first_child
  JOIN metric_chunks l ON l.series_id = g.series_id AND l.level = 8 AND l.chunk_index = g.last_child;
