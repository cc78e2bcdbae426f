package dev.sextant.server.store;

import dev.sextant.server.store.postgres.PostgresCluster;

/** The search contract on a real PostgreSQL server, a fresh database per test. */
class PostgresRunSearchTest extends RunSearchContract {
    @Override
    protected TrackingStore openStore() {
        return StoreFactory.open(PostgresCluster.shared().createDatabase());
    }
}
