package dev.sextant.server.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every combination of the parameters' grid values, numbered 0 … size−1; the last parameter varies fastest. */
final class GridSpace {
    private final List<SweepConfig.Parameter> parameters;
    private final List<List<JsonNode>> values = new ArrayList<>();
    private final long size;

    GridSpace(List<SweepConfig.Parameter> parameters) {
        this.parameters = parameters;
        long points = 1;
        for (var parameter : parameters) {
            var list = parameter.domain().gridValues();
            values.add(list);
            points *= list.size();
        }
        this.size = points;
    }

    long size() {
        return size;
    }

    /** The config at grid point {@code index}, as dotted name → value in parameter order. */
    Map<String, JsonNode> point(long index) {
        if (index < 0 || index >= size) throw new IllegalArgumentException("grid point " + index + " of " + size);
        var config = new LinkedHashMap<String, JsonNode>();
        long rest = index;
        var digits = new int[parameters.size()];
        for (int i = parameters.size() - 1; i >= 0; i--) {
            int radix = values.get(i).size();
            digits[i] = (int) (rest % radix);
            rest /= radix;
        }
        for (int i = 0; i < parameters.size(); i++) config.put(parameters.get(i).name(), values.get(i).get(digits[i]));
        return config;
    }
}
