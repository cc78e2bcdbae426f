package dev.sextant.server.store;

import dev.sextant.server.store.postgres.PostgresCluster;

/** The search contract on a real PostgreSQL server, a fresh database per test. */
class PostgresRunSearchTest extends RunSearchContract {
    @Override
    protected String newDatabase() {
        return PostgresCluster.shared().createDatabase();
    }
}
