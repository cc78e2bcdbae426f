package dev.sextant.server.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Independent samples of every parameter; trial k's config depends only on the seed and k, so a seed replays a sweep. */
final class RandomSearch {
    private RandomSearch() {}

    static Map<String, JsonNode> sample(List<SweepConfig.Parameter> parameters, long seed, long trialIndex) {
        var random = randomFor(seed, trialIndex);
        var config = new LinkedHashMap<String, JsonNode>();
        for (var parameter : parameters) config.put(parameter.name(), parameter.domain().sample(random));
        return config;
    }

    /** A generator of its own for each (seed, trial): SplitMix64 mixing keeps nearby seeds and trials unrelated. */
    static SplittableRandom randomFor(long seed, long trialIndex) {
        return new SplittableRandom(new SplittableRandom(seed).split().nextLong() ^ (trialIndex * 0x9E3779B97F4A7C15L));
    }
}
