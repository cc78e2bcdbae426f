package dev.sextant.server.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteViewStoreTest extends ViewStoreContract {
    @TempDir
    Path folder;

    @Override
    protected StoreFactory.Stores openStores() {
        return StoreFactory.openStores(folder.resolve("sextant.db").toString());
    }
}
