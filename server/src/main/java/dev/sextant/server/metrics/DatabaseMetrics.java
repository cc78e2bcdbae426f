package dev.sextant.server.metrics;

import dev.sextant.server.store.DatabaseStatus;
import dev.sextant.server.store.WriteObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The database's writes: how long each write transaction took to commit and how many writes it carried (the single
 * SQLite writer groups the writes that queue up during a commit; PostgreSQL commits one at a time), conflict
 * retries, the write queue's depth and the connection pool's use.
 */
final class DatabaseMetrics implements WriteObserver {
    private static final Duration[] COMMIT_BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5)};

    private final MeterRegistry registry;
    private final Timer commits;
    private final DistributionSummary groupSize;
    private final Counter retries;

    DatabaseMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.commits = Timer.builder("sextant.db.commit")
                .description("Write transactions, from begin to commit returned (one per group of writes)")
                .serviceLevelObjectives(COMMIT_BUCKETS)
                .register(registry);
        this.groupSize = DistributionSummary.builder("sextant.db.commit.group.size")
                .description("Writes carried by one committed transaction: above 1 when queued writes were committed together")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024)
                .register(registry);
        this.retries = Counter.builder("sextant.db.write.retries")
                .description("Writes run again after losing a race to a concurrent one (PostgreSQL replicas)")
                .register(registry);
    }

    @Override
    public void committed(int writes, long nanos) {
        commits.record(nanos, TimeUnit.NANOSECONDS);
        groupSize.record(writes);
    }

    @Override
    public void retried() {
        retries.increment();
    }

    void watch(DatabaseStatus status) {
        gauge("sextant.db.write.queue", "Writes waiting for the single database writer (0 on PostgreSQL)", status,
                database -> database.queuedWrites());
        gauge("sextant.db.pool.active", "Database connections in use", status, database -> database.pool().active());
        gauge("sextant.db.pool.idle", "Database connections idle in the pool", status, database -> database.pool().idle());
        gauge("sextant.db.pool.pending", "Threads waiting for a database connection", status, database -> database.pool().waiting());
        gauge("sextant.db.pool.max", "The connection pool's size limit", status, database -> database.pool().max());
    }

    private void gauge(String name, String description, DatabaseStatus status, ToDoubleFunction<DatabaseStatus> value) {
        Gauge.builder(name, status, value).description(description).strongReference(true).register(registry);
    }
}
