package dev.sextant.client;

import java.nio.file.Path;
import java.time.Duration;

/** Builds a {@link Sextant} from {@link SextantOptions#fromEnvironment} defaults, overriding what is set here. */
public final class SextantBuilder {
    private SextantOptions o;

    SextantBuilder(SextantOptions defaults) {
        this.o = defaults;
    }

    public SextantBuilder url(String url) {
        o = new SextantOptions(url, o.token(), o.offline(), o.spoolDir(), o.batchSize(), o.bufferCapacity(), o.flushInterval(),
                o.systemMetricsInterval(), o.closeTimeout(), o.requestTimeout(), o.backoff());
        return this;
    }

    public SextantBuilder token(String token) {
        o = new SextantOptions(o.url(), token, o.offline(), o.spoolDir(), o.batchSize(), o.bufferCapacity(), o.flushInterval(),
                o.systemMetricsInterval(), o.closeTimeout(), o.requestTimeout(), o.backoff());
        return this;
    }

    public SextantBuilder offline(boolean offline) {
        o = new SextantOptions(o.url(), o.token(), offline, o.spoolDir(), o.batchSize(), o.bufferCapacity(), o.flushInterval(),
                o.systemMetricsInterval(), o.closeTimeout(), o.requestTimeout(), o.backoff());
        return this;
    }

    public SextantBuilder spoolDir(Path spoolDir) {
        o = new SextantOptions(o.url(), o.token(), o.offline(), spoolDir, o.batchSize(), o.bufferCapacity(), o.flushInterval(),
                o.systemMetricsInterval(), o.closeTimeout(), o.requestTimeout(), o.backoff());
        return this;
    }

    /** Points per request; the buffer grows to at least twice this. */
    public SextantBuilder batchSize(int batchSize) {
        o = new SextantOptions(o.url(), o.token(), o.offline(), o.spoolDir(), batchSize,
                Math.max(o.bufferCapacity(), 2 * batchSize), o.flushInterval(), o.systemMetricsInterval(), o.closeTimeout(),
                o.requestTimeout(), o.backoff());
        return this;
    }

    public SextantBuilder bufferCapacity(int points) {
        o = new SextantOptions(o.url(), o.token(), o.offline(), o.spoolDir(), o.batchSize(), points, o.flushInterval(),
                o.systemMetricsInterval(), o.closeTimeout(), o.requestTimeout(), o.backoff());
        return this;
    }

    public SextantBuilder flushInterval(Duration interval) {
        o = new SextantOptions(o.url(), o.token(), o.offline(), o.spoolDir(), o.batchSize(), o.bufferCapacity(), interval,
                o.systemMetricsInterval(), o.closeTimeout(), o.requestTimeout(), o.backoff());
        return this;
    }

    /** Sampling period of system/* metrics; {@link Duration#ZERO} turns them off. */
    public SextantBuilder systemMetricsInterval(Duration interval) {
        o = new SextantOptions(o.url(), o.token(), o.offline(), o.spoolDir(), o.batchSize(), o.bufferCapacity(),
                o.flushInterval(), interval, o.closeTimeout(), o.requestTimeout(), o.backoff());
        return this;
    }

    public SextantBuilder closeTimeout(Duration timeout) {
        o = new SextantOptions(o.url(), o.token(), o.offline(), o.spoolDir(), o.batchSize(), o.bufferCapacity(),
                o.flushInterval(), o.systemMetricsInterval(), timeout, o.requestTimeout(), o.backoff());
        return this;
    }

    public SextantBuilder requestTimeout(Duration timeout) {
        o = new SextantOptions(o.url(), o.token(), o.offline(), o.spoolDir(), o.batchSize(), o.bufferCapacity(),
                o.flushInterval(), o.systemMetricsInterval(), o.closeTimeout(), timeout, o.backoff());
        return this;
    }

    public SextantBuilder backoff(Backoff backoff) {
        o = new SextantOptions(o.url(), o.token(), o.offline(), o.spoolDir(), o.batchSize(), o.bufferCapacity(),
                o.flushInterval(), o.systemMetricsInterval(), o.closeTimeout(), o.requestTimeout(), backoff);
        return this;
    }

    public SextantOptions options() {
        return o;
    }

    public Sextant build() {
        return new Sextant(o);
    }
}
