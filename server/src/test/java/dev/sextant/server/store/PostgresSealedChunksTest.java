package dev.sextant.server.store;

import dev.sextant.server.store.postgres.PostgresCluster;

/** The sealed-chunk contract on a real PostgreSQL server, a fresh database per test. */
class PostgresSealedChunksTest extends SealedChunksContract {
    @Override
    protected TrackingStore openStore() {
        return StoreFactory.open(PostgresCluster.shared().createDatabase());
    }
}
