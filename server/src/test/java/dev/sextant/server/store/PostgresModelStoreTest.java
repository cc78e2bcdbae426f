package dev.sextant.server.store;

import dev.sextant.server.store.postgres.PostgresCluster;

/** The model-store contract on a real PostgreSQL server, a fresh database per test. */
class PostgresModelStoreTest extends ModelStoreContract {
    @Override
    protected StoreFactory.Stores openStores() {
        return StoreFactory.openStores(PostgresCluster.shared().createDatabase());
    }
}
