package dev.sextant.server.store.sql;

import dev.sextant.server.domain.MetricPoint;
import java.util.List;

/** One run's points, as one request logged them; several of these may be written as one batch. */
record RunPoints(String runId, List<MetricPoint> points) {
    RunPoints {
        points = List.copyOf(points);
    }
}
