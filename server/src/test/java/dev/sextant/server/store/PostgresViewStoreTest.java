package dev.sextant.server.store;

import dev.sextant.server.store.postgres.PostgresCluster;

/** The saved-view contract on a real PostgreSQL server, a fresh database per test. */
class PostgresViewStoreTest extends ViewStoreContract {
    @Override
    protected StoreFactory.Stores openStores() {
        return StoreFactory.openStores(PostgresCluster.shared().createDatabase());
    }
}
