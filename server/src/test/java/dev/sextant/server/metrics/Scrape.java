package dev.sextant.server.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** A parsed Prometheus text scrape: each sample's name, its labels and its value. */
record Scrape(String text, Map<String, Double> samples) {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{.*})? (\\S+)$");

    static Scrape parse(String text) {
        var samples = new LinkedHashMap<String, Double>();
        for (var line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            var match = SAMPLE.matcher(line);
            if (!match.matches()) throw new IllegalArgumentException("not a sample line: " + line);
            samples.put(match.group(1) + (match.group(2) == null ? "" : match.group(2)), Double.parseDouble(match.group(3)));
        }
        return new Scrape(text, samples);
    }

    /** The value of the sample with exactly this name and these labels (in the order Micrometer writes them: sorted). */
    double value(String name, String... labelPairs) {
        var key = new StringBuilder(name);
        if (labelPairs.length > 0) {
            key.append('{');
            for (int i = 0; i < labelPairs.length; i += 2) {
                if (i > 0) key.append(',');
                key.append(labelPairs[i]).append("=\"").append(labelPairs[i + 1]).append('"');
            }
            key.append('}');
        }
        var value = samples.get(key.toString());
        if (value == null) throw new AssertionError("no sample " + key + " in the scrape:\n" + text);
        return value;
    }

    /** The value, or 0 when there is no such sample (a series never touched). */
    double valueOrZero(String name, String... labelPairs) {
        try {
            return value(name, labelPairs);
        } catch (AssertionError absent) {
            return 0;
        }
    }

    /** Whether any sample has this metric name. */
    boolean has(String name) {
        return samples.keySet().stream().anyMatch(key -> key.equals(name) || key.startsWith(name + "{"));
    }
}
