package dev.sextant.server.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this server can serve requests now: each named check (the database answers and is migrated, the
 * artifact store is reachable) must pass within the timeout. A check still running when the timeout ends counts
 * as failed, and later calls wait on that same run instead of starting another, so a database that hangs never
 * piles up threads. Changes between ready and not ready are logged once, with the reasons.
 */
public final class Readiness implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);

    /** A check: returns when it passes, throws with a message (holding no secret) when it does not. */
    @FunctionalInterface
    public interface Check {
        void run() throws Exception;
    }

    /** One check's outcome; {@code error} is null when it passed. */
    public record Outcome(String name, boolean ok, String error) {}

    /** Ready when every check passed. */
    public record Report(boolean ready, List<Outcome> checks) {
        public Report {
            checks = List.copyOf(checks);
        }
    }

    private final Map<String, Probe> probes = new LinkedHashMap<>();
    private final Duration timeout;
    private final ExecutorService executor = Executors.newCachedThreadPool(work -> {
        var thread = new Thread(work, "sextant-readiness");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Boolean lastReady;

    public Readiness(Map<String, Check> checks, Duration timeout) {
        checks.forEach((name, check) -> probes.put(name, new Probe(check)));
        this.timeout = timeout;
    }

    /** Runs every check at once and waits at most the timeout for all of them. */
    public Report check() {
        var running = new LinkedHashMap<String, CompletableFuture<Void>>();
        probes.forEach((name, probe) -> running.put(name, probe.current(executor)));
        long deadline = System.nanoTime() + timeout.toNanos();
        var outcomes = new ArrayList<Outcome>();
        running.forEach((name, future) -> outcomes.add(outcome(name, future, deadline)));
        var report = new Report(outcomes.stream().allMatch(Outcome::ok), outcomes);
        logChange(report);
        return report;
    }

    private Outcome outcome(String name, CompletableFuture<Void> future, long deadline) {
        try {
            future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return new Outcome(name, true, null);
        } catch (TimeoutException e) {
            return new Outcome(name, false, "no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            var cause = e.getCause() instanceof CompletionException wrapped && wrapped.getCause() != null ? wrapped.getCause() : e.getCause();
            return new Outcome(name, false, cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(name, false, "interrupted");
        }
    }

    private void logChange(Report report) {
        var previous = lastReady;
        lastReady = report.ready();
        if (previous != null && previous == report.ready()) return;
        if (report.ready()) {
            LOG.info("ready: every check passed");
        } else {
            var failed = report.checks().stream().filter(check -> !check.ok()).map(check -> check.name() + ": " + check.error()).toList();
            LOG.warn("not ready: {}", String.join("; ", failed));
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** At most one run of a check at a time. */
    private static final class Probe {
        private final Check check;
        private CompletableFuture<Void> running;

        Probe(Check check) {
            this.check = check;
        }

        synchronized CompletableFuture<Void> current(ExecutorService executor) {
            if (running == null || running.isDone()) {
                running = CompletableFuture.runAsync(() -> {
                    try {
                        check.run();
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                }, executor);
            }
            return running;
        }
    }
}
