package dev.sextant.server.api;

import dev.sextant.server.store.postgres.PostgresCluster;

/** The same API tests with the server on PostgreSQL. */
class PostgresSearchPagingApiTest extends SearchPagingApiTest {
    @Override
    String database() {
        return PostgresCluster.shared().createDatabase();
    }
}
