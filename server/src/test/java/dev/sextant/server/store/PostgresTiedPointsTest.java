package dev.sextant.server.store;

import dev.sextant.server.store.postgres.PostgresCluster;

/** The tie rule on a real PostgreSQL server, a fresh database per test. */
class PostgresTiedPointsTest extends TiedPointsContract {
    @Override
    protected TrackingStore openStore() {
        return StoreFactory.open(PostgresCluster.shared().createDatabase());
    }
}
