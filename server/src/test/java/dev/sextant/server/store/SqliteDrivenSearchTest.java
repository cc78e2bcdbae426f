package dev.sextant.server.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteDrivenSearchTest extends DrivenSearchContract {
    @TempDir
    static Path folder;

    @Override
    protected String newDatabase() {
        return folder.resolve("sextant.db").toString();
    }
}
