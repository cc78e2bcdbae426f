package dev.sextant.server.api;

import dev.sextant.server.store.postgres.PostgresCluster;

/** The same over HTTP with the server on PostgreSQL. */
class PostgresTiedLastValueApiTest extends TiedLastValueApiTest {
    @Override
    String database() {
        return PostgresCluster.shared().createDatabase();
    }
}
