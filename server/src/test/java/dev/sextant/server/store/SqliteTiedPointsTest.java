package dev.sextant.server.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteTiedPointsTest extends TiedPointsContract {
    @TempDir
    Path folder;

    @Override
    protected TrackingStore openStore() {
        return StoreFactory.open(folder.resolve("sextant.db").toString());
    }
}
