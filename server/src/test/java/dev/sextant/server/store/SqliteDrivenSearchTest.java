package dev.sextant.server.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteDrivenSearchTest extends DrivenSearchContract {
    @TempDir
    static Path folder;

    @Override
    protected TrackingStore openStore() {
        return StoreFactory.open(folder.resolve("sextant.db").toString());
    }
}
