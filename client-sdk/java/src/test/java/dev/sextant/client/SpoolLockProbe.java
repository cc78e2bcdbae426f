package dev.sextant.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;

/** Run in a child JVM by SpoolTest: prints whether it could take the spool's lock. */
final class SpoolLockProbe {
    private SpoolLockProbe() {}

    public static void main(String[] args) throws Exception {
        var spool = Spool.openExisting(Path.of(args[0]), new ObjectMapper());
        System.out.println(spool.isPresent() ? "opened" : "in-use");
        if (spool.isPresent()) spool.get().close();
    }
}
