package dev.sextant.server.importer;

/** Tells a person how far an import is: runs done of all, points and bytes written. Called from the importing thread. */
public interface ImportProgress extends AutoCloseable {

    void start(String source, long totalRuns);

    void runStarted(String label);

    void points(long count);

    void bytes(long count);

    /** {@code outcome} is a short phrase: "imported", "already imported", "failed: …". */
    void runFinished(String label, String outcome);

    @Override
    void close();

    ImportProgress NONE = new ImportProgress() {
        @Override public void start(String source, long totalRuns) { }
        @Override public void runStarted(String label) { }
        @Override public void points(long count) { }
        @Override public void bytes(long count) { }
        @Override public void runFinished(String label, String outcome) { }
        @Override public void close() { }
    };
}
