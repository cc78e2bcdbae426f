package dev.sextant.server.store;

import dev.sextant.server.store.postgres.PostgresCluster;

/** The contract on a real PostgreSQL server, a fresh database per test. */
class PostgresTrackingStoreTest extends TrackingStoreContract {
    @Override
    protected TrackingStore openStore() {
        return StoreFactory.open(PostgresCluster.shared().createDatabase());
    }
}
