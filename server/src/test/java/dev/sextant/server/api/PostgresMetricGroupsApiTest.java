package dev.sextant.server.api;

import dev.sextant.server.store.postgres.PostgresCluster;

/** The same group statistics with the server on PostgreSQL (the interval reads' VALUES joins differ in planning). */
class PostgresMetricGroupsApiTest extends MetricGroupsApiTest {
    @Override
    String database() {
        return PostgresCluster.shared().createDatabase();
    }
}
