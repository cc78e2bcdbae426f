package dev.sextant.server.store;

import dev.sextant.server.store.postgres.PostgresCluster;

/** The driven-search contract on a real PostgreSQL server. */
class PostgresDrivenSearchTest extends DrivenSearchContract {
    @Override
    protected String newDatabase() {
        return PostgresCluster.shared().createDatabase();
    }
}
