package dev.sextant.server.service;

import dev.sextant.server.chart.ChartInput;
import dev.sextant.server.chart.ChartOptions;
import dev.sextant.server.chart.ChartTheme;
import dev.sextant.server.chart.EnvelopeSeries;
import dev.sextant.server.chart.GroupSeries;
import dev.sextant.server.chart.MetricChart;
import dev.sextant.server.chart.Palette;
import dev.sextant.server.chart.XAxisKind;
import dev.sextant.server.domain.Envelope;
import dev.sextant.server.domain.MetricGroups;
import dev.sextant.server.domain.MetricSummary;
import dev.sextant.server.domain.Run;
import dev.sextant.server.domain.XEnvelope;
import dev.sextant.server.error.ErrorCode;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.service.ChartRequest.ChartFormat;
import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Rules for chart images: option checks, run and key look-ups, the ETag of a chart's inputs, and a
 * cache of charts whose runs have all ended (their image can no longer change unless a run does).
 */
public final class ChartService {
    public static final int MIN_SIZE_PX = 100;
    public static final int MAX_SIZE_PX = 4000;
    public static final int MAX_RUNS = 100;
    public static final int MAX_KEYS = 10;
    public static final int MAX_TITLE_LENGTH = 200;

    private final RunService runs;
    private final MetricService metrics;
    private final ChartCache cache = new ChartCache(64, 64L * 1024 * 1024);

    public ChartService(RunService runs, MetricService metrics) {
        this.runs = runs;
        this.metrics = metrics;
    }

    /** A checked request: its runs as they are now, and the ETag of everything the image depends on. */
    public record ChartPlan(ChartFormat format, List<Run> runs, List<String> keys, ChartOptions options,
                            List<String> colors, String etag, boolean finished, String x, List<String> groupBy,
                            GroupSeries.Band band) {}

    /** Checks the request (400), finds its runs and keys (404) and computes its ETag, without drawing. */
    public ChartPlan plan(ChartRequest request) {
        var runIds = List.copyOf(new LinkedHashSet<>(request.runIds()));
        var keys = List.copyOf(new LinkedHashSet<>(request.keys()));
        if (runIds.isEmpty()) throw SextantException.invalid("run_id is required; repeat it to compare runs");
        if (keys.isEmpty()) throw SextantException.invalid("key is required; repeat it for one panel per key");
        if (runIds.size() > MAX_RUNS) throw SextantException.invalid("a chart may show at most " + MAX_RUNS + " runs, got " + runIds.size());
        if (keys.size() > MAX_KEYS) throw SextantException.invalid("a chart may show at most " + MAX_KEYS + " keys, got " + keys.size());
        var limits = metrics.limits();
        keys.forEach(key -> InputRules.key(limits, "metric", key));
        var options = options(request, keys.size());
        var found = runIds.stream().map(runs::get).toList();
        for (var key : keys) {
            if (found.stream().noneMatch(run -> summary(run, key) != null)) {
                throw new SextantException(ErrorCode.RESOURCE_DOES_NOT_EXIST,
                        "metric '" + key + "' does not exist in any of the runs " + runIds);
            }
        }
        boolean finished = found.stream().allMatch(run -> run.status().isTerminal());
        var colors = colors(request.colors(), runIds);
        var x = options.x() == XAxisKind.METRIC ? XAxis.parse(request.x(), limits)
                : XAxis.parse(options.x().name().toLowerCase(java.util.Locale.ROOT), limits);
        var band = band(request.band(), !request.groupBy().isEmpty());
        request.groupBy().forEach(GroupKey::parse);
        var extra = x.wireName() + "|" + request.groupBy() + "|" + band;
        return new ChartPlan(request.format(), found, keys, options, colors,
                etag(request.format(), found, keys, options, colors, extra), finished, x.wireName(), request.groupBy(), band);
    }

    /** band: true/false (the min/max band), or for groups one of minmax, std, stderr, ci95. */
    private static GroupSeries.Band band(String value, boolean grouped) {
        if (value == null || value.isEmpty() || value.equals("false") || value.equals("0") || value.equals("none")) return GroupSeries.Band.NONE;
        if (value.equals("true") || value.equals("1") || value.equals("minmax")) return GroupSeries.Band.MINMAX;
        if (grouped) {
            for (var kind : GroupSeries.Band.values()) if (kind.name().equalsIgnoreCase(value)) return kind;
        }
        throw SextantException.invalid("band must be true or false" + (grouped ? ", or one of minmax, std, stderr, ci95" : "")
                + ", got '" + SextantException.abbreviate(value, 60) + "'");
    }

    /** The image bytes (PNG, or SVG as UTF-8), from the cache when every run has ended. */
    public byte[] render(ChartPlan plan) {
        if (plan.finished()) {
            var cached = cache.get(plan.etag());
            if (cached != null) return cached;
        }
        var body = draw(plan);
        if (plan.finished()) cache.put(plan.etag(), body);
        return body;
    }

    private byte[] draw(ChartPlan plan) {
        var input = !plan.groupBy().isEmpty() ? groupInput(plan)
                : plan.options().x() == XAxisKind.METRIC ? metricXInput(plan) : envelopeInput(plan);
        return switch (plan.format()) {
            case PNG -> MetricChart.png(input, plan.options());
            case SVG -> MetricChart.svg(input, plan.options()).getBytes(StandardCharsets.UTF_8);
        };
    }

    private ChartInput groupInput(ChartPlan plan) {
        var runIds = plan.runs().stream().map(Run::runId).toList();
        int buckets = Math.min(plan.options().widthPx(), MetricService.MAX_BUCKETS);
        var byKey = new LinkedHashMap<String, MetricGroups>();
        for (var key : plan.keys()) {
            byKey.put(key, metrics.groups(new GroupQuery(List.of(), runIds, null, plan.groupBy(), key, plan.x(), buckets, null, null)));
        }
        return GroupSeries.groups(byKey, plan.band(), plan.options(), xLabel(plan.x()));
    }

    private ChartInput metricXInput(ChartPlan plan) {
        var runIds = plan.runs().stream().map(Run::runId).toList();
        var runIndex = new HashMap<String, Integer>();
        for (int i = 0; i < runIds.size(); i++) runIndex.put(runIds.get(i), i);
        int buckets = Math.min(plan.options().widthPx(), MetricService.MAX_BUCKETS);
        var byKey = new LinkedHashMap<String, List<XEnvelope>>();
        for (var key : plan.keys()) {
            var list = new ArrayList<XEnvelope>();
            for (var run : plan.runs()) {
                if (summary(run, key) != null) list.add(metrics.envelopeByMetric(run.runId(), key, plan.x(), buckets, null, null));
            }
            byKey.put(key, list);
        }
        var colors = plan.colors().stream().map(Color::decode).toList();
        return GroupSeries.byMetric(labels(plan.runs()), colors, runIndex, byKey, plan.options(), xLabel(plan.x()));
    }

    private static String xLabel(String x) {
        return switch (x) {
            case "step" -> "Step";
            case "relative_time" -> "Relative time (ms)";
            case "wall_time" -> "Wall time (ms)";
            default -> x.substring(XAxis.METRIC_PREFIX.length());
        };
    }

    private ChartInput envelopeInput(ChartPlan plan) {
        var runIds = plan.runs().stream().map(Run::runId).toList();
        var runIndex = new HashMap<String, Integer>();
        for (int i = 0; i < runIds.size(); i++) runIndex.put(runIds.get(i), i);
        // About one bucket per horizontal pixel: the envelope already holds each pixel column's min/max/mean.
        int buckets = Math.min(plan.options().widthPx(), MetricService.MAX_BUCKETS);
        var envelopes = new LinkedHashMap<String, List<Envelope>>();
        for (var key : plan.keys()) envelopes.put(key, metrics.envelopes(runIds, List.of(key), buckets, null, null));
        var colors = plan.colors().stream().map(Color::decode).toList();
        return EnvelopeSeries.input(labels(plan.runs()), colors, runIndex, envelopes, plan.options());
    }

    /** Run names label the legend; a name shared by two runs gets the run id's first characters. */
    private static List<String> labels(List<Run> runs) {
        var counts = new HashMap<String, Integer>();
        runs.forEach(run -> counts.merge(run.name(), 1, Integer::sum));
        var labels = new ArrayList<String>();
        for (var run : runs) {
            String shortId = run.runId().substring(0, Math.min(8, run.runId().length()));
            if (run.name() == null || run.name().isBlank()) labels.add(shortId);
            else labels.add(counts.get(run.name()) > 1 ? run.name() + " (" + shortId + ")" : run.name());
        }
        return labels;
    }

    /** The colours asked for (one #rrggbb per run), else each run's own: its id hashed into the palette, as the UI does. */
    private static List<String> colors(List<String> asked, List<String> runIds) {
        if (asked.isEmpty()) return runIds.stream().map(id -> Palette.HEX.get(Palette.indexOf(id))).toList();
        if (asked.size() != runIds.size()) {
            throw SextantException.invalid("color must be given once per run_id (" + runIds.size() + "), got " + asked.size());
        }
        for (var color : asked) {
            if (!color.matches("#[0-9a-fA-F]{6}")) throw SextantException.invalid("color must be #rrggbb, got '" + color + "'");
        }
        return asked.stream().map(c -> c.toLowerCase(java.util.Locale.ROOT)).toList();
    }

    private static ChartOptions options(ChartRequest request, int keyCount) {
        // Grouped time axes are drawn in milliseconds from the group statistics, on a plain number axis.
        var x = request.x() != null && request.x().startsWith(XAxis.METRIC_PREFIX) ? XAxisKind.METRIC
                : !request.groupBy().isEmpty() && request.x() != null && request.x().endsWith("_time") ? XAxisKind.METRIC
                : choice("x", request.x(), XAxisKind.class, XAxisKind.STEP);
        var theme = choice("theme", request.theme(), ChartTheme.class, ChartTheme.LIGHT);
        double smoothing = smoothing(request.smoothing());
        int width = size("width", request.width(), 1200);
        int height = size("height", request.height(), keyCount == 1 ? 600 : Math.min(MAX_SIZE_PX, 150 + 300 * keyCount));
        var title = request.title() == null || request.title().isBlank() ? null : request.title().strip();
        if (title != null && title.length() > MAX_TITLE_LENGTH) {
            throw SextantException.invalid("title may be at most " + MAX_TITLE_LENGTH + " characters, got " + title.length());
        }
        return new ChartOptions(x, smoothing, flag("log_y", request.logY()), band(request.band(), !request.groupBy().isEmpty()) != GroupSeries.Band.NONE, width, height, title, theme);
    }

    private static <E extends Enum<E>> E choice(String name, String value, Class<E> type, E defaultValue) {
        if (value == null || value.isEmpty()) return defaultValue;
        for (var constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value)) return constant;
        }
        var allowed = new ArrayList<String>();
        for (var constant : type.getEnumConstants()) allowed.add(constant.name().toLowerCase(java.util.Locale.ROOT));
        throw SextantException.invalid(name + " must be one of " + String.join(", ", allowed) + ", got '" + SextantException.abbreviate(value, 60) + "'");
    }

    private static double smoothing(String value) {
        if (value == null || value.isEmpty()) return 0;
        double smoothing;
        try {
            smoothing = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw SextantException.invalid("smoothing must be a number in [0, 1), got '" + SextantException.abbreviate(value, 60) + "'");
        }
        if (!(smoothing >= 0 && smoothing < 1)) throw SextantException.invalid("smoothing must be in [0, 1), got " + value);
        return smoothing;
    }

    private static int size(String name, String value, int defaultValue) {
        if (value == null || value.isEmpty()) return defaultValue;
        int size;
        try {
            size = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw SextantException.invalid(name + " must be an integer number of pixels, got '" + SextantException.abbreviate(value, 60) + "'");
        }
        InputRules.range(name, size, MIN_SIZE_PX, MAX_SIZE_PX);
        return size;
    }

    private static boolean flag(String name, String value) {
        if (value == null || value.isEmpty() || value.equals("false") || value.equals("0")) return false;
        if (value.equals("true") || value.equals("1")) return true;
        throw SextantException.invalid(name + " must be true or false, got '" + SextantException.abbreviate(value, 60) + "'");
    }

    private static MetricSummary summary(Run run, String key) {
        for (var summary : run.metrics()) if (summary.key().equals(key)) return summary;
        return null;
    }

    /**
     * Hashes the options and each run's state that the image shows: name, status and, per key, the
     * series' size and extent. A new point, a rename or an ended run all change it.
     */
    private static String etag(ChartFormat format, List<Run> runs, List<String> keys, ChartOptions options, List<String> colors,
                               String extra) {
        var text = new StringBuilder(MetricChart.RENDER_VERSION).append('\n').append(format).append('\n')
                .append(options).append('|').append(extra).append('\n').append(keys).append('\n').append(colors).append('\n');
        for (var run : runs) {
            text.append(run.runId()).append('|').append(run.name()).append('|').append(run.status()).append('\n');
            for (var key : keys) {
                var s = summary(run, key);
                if (s != null) {
                    text.append(key).append('|').append(s.count()).append('|').append(s.firstStep()).append('|')
                            .append(s.lastStep()).append('|').append(s.lastTimestampMs()).append('|')
                            .append(Double.doubleToLongBits(s.min())).append('|').append(Double.doubleToLongBits(s.max()))
                            .append('|').append(Double.doubleToLongBits(s.mean())).append('\n');
                }
            }
        }
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
