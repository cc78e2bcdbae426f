package dev.sextant.server.reliability;

import dev.sextant.server.http.Route;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fuzz suite's own shapes, beside {@link HostileRequests}: odd escapes in paths and queries (%u, %00, overlong
 * UTF-8, lone surrogates), extreme numbers (Long.MIN/MAX, 1e308, NaN as strings) in every field, wrong JSON types,
 * deep nesting, pathological LIKE patterns and huge counts (order_by keys, experiment ids, buckets, max_results).
 */
final class FuzzShapes {
    private static final Pattern PARAM = Pattern.compile("\\{([a-z_]+)}|<([a-z_]+)>");

    static final List<String> ESCAPES = List.of("%u0041", "%U0041", "%u00", "%u", "a%u002e%u002e", "%00", "a%00b", "%C0%AE%C0%AE",
            "%C0%80", "%E0%80%AE", "%F0%80%80%AE", "%ED%A0%80", "%ED%B0%80", "%ED%A0%80%ED%B0%80", "%F4%90%80%80", "%FF",
            "%C3", "%E2%82", "%2", "%%", "%25u0041", "%2e%2e%2f", "%5c", "%0d%0a", "%EF%BB%BF", "%F0%9F%98%80");

    static final List<String> EXTREME_NUMBERS = List.of("-9223372036854775808", "9223372036854775807", "9223372036854775808",
            "-9223372036854775809", "2147483647", "2147483648", "-2147483649", "4294967297", "99999999999", "1e308", "-1e308",
            "1e309", "4.9e-324", "-0.0", "0", "1", "2", "-1", "1.5", "0x10", "1_000", "00012", "+1", " 1", "1 ");

    static final List<String> NUMBER_STRINGS = List.of("NaN", "nan", "Infinity", "-Infinity", "inf", "1e308", "-9223372036854775808",
            "9223372036854775807", "99999999999", "2147483648", "", " ", "١٢", "１２", "0", "-0");

    static final List<String> NUMERIC_FIELDS = List.of("max_results", "buckets", "from_step", "to_step", "step", "start_step",
            "end_step", "timestamp", "start_time", "end_time", "value", "view_type", "run_view_type", "status", "width", "height",
            "smoothing", "version", "stage", "points", "max_points", "x_from", "x_to", "offset", "limit", "count", "trial_count",
            "max_trials", "parallelism", "page_token");

    private final HostileRequests ids;

    FuzzShapes(HostileRequests ids) {
        this.ids = ids;
    }

    HostileRequests.Request generate(Route route, Random random) {
        String method = route.method().name();
        String target = fillPath(route.path(), random) + query(random);
        var headers = new LinkedHashMap<String, String>();
        headers.put("Content-Type", "application/json");
        byte[] body = body(random).getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(25) == 0) body = overlongUtf8Body();
        return new HostileRequests.Request(method, target, headers, body, body.length);
    }

    private String fillPath(String template, Random random) {
        Matcher matcher = PARAM.matcher(template);
        var result = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
            String value = switch (name) {
                case "run_id" -> random.nextBoolean() ? ids.runId : ids.mlflowRunId;
                case "experiment_id" -> ids.experimentId;
                case "key" -> random.nextBoolean() ? "loss" : "extreme";
                case "path" -> random.nextBoolean() ? "files/a.txt" : ids.experimentId + "/" + ids.runId + "/artifacts/f.txt";
                default -> "x";
            };
            if (random.nextInt(3) == 0) {
                String escape = pick(random, ESCAPES);
                value = switch (random.nextInt(3)) {
                    case 0 -> escape;
                    case 1 -> value + escape;
                    default -> escape + value;
                };
            } else if (random.nextInt(6) == 0) {
                value = pick(random, EXTREME_NUMBERS).trim().replace(" ", "%20").replace("+", "%2B");
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private String query(Random random) {
        int count = random.nextInt(5);
        if (count == 0) return "";
        var query = new StringBuilder("?");
        for (int i = 0; i < count; i++) {
            if (i > 0) query.append('&');
            String name = random.nextInt(4) == 0 ? pick(random, List.of("filter", "filter_string", "order_by", "experiment_ids",
                    "run_ids", "metric_key", "keys", "path", "prefix", "name")) : pick(random, NUMERIC_FIELDS);
            String value = switch (random.nextInt(6)) {
                case 0 -> pick(random, ESCAPES);
                case 1 -> pick(random, NUMBER_STRINGS).replace(" ", "%20");
                default -> pick(random, EXTREME_NUMBERS).replace(" ", "%20").replace("+", "%2B");
            };
            query.append(name).append('=').append(value);
        }
        return query.toString();
    }

    private String body(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> "{\"filter\":" + quote(likeFilter(random)) + ",\"filter_string\":" + quote(likeFilter(random))
                    + ",\"experiment_ids\":[\"" + ids.experimentId + "\"],\"run_id\":\"" + ids.runId + "\"}";
            case 1 -> hugeCounts(random);
            case 2 -> deepNesting(random);
            case 3 -> wrongTypes(random);
            default -> extremeNumbers(random);
        };
    }

    /** LIKE patterns that cost SQLite the most: many wildcards, long runs, escapes, multi-byte characters. */
    static String likeFilter(Random random) {
        String field = pick(random, List.of("params.lr", "tags.t", "attributes.run_name", "name", "tags.`mlflow.runName`",
                "attributes.status", "datasets.name", "metrics.loss"));
        String op = pick(random, List.of("LIKE", "ILIKE", "like", "=", "!=", "IN"));
        String pattern = switch (random.nextInt(8)) {
            case 0 -> "%a".repeat(1 + random.nextInt(6000));
            case 1 -> "_".repeat(1 + random.nextInt(30_000));
            case 2 -> "%".repeat(1 + random.nextInt(200));
            case 3 -> "é".repeat(9_000 + random.nextInt(26_000));
            case 4 -> "\\%\\_".repeat(1 + random.nextInt(3000)) + "%";
            case 5 -> "a%b_c%".repeat(1 + random.nextInt(40));
            case 6 -> "%" + "\uD800" + "%" + "\uDC00";
            default -> "x".repeat(49_990 + random.nextInt(20));
        };
        String value = op.equals("IN") ? "('" + pattern + "', '" + pattern + "')" : "'" + pattern.replace("'", "''") + "'";
        String clause = field + " " + op + " " + value;
        if (random.nextInt(4) == 0) clause = String.join(" AND ", Collections.nCopies(2 + random.nextInt(300), clause.length() > 200
                ? field + " LIKE '%a%'" : clause));
        return clause;
    }

    private String hugeCounts(Random random) {
        int n = switch (random.nextInt(4)) {
            case 0 -> 51;
            case 1 -> 1001;
            case 2 -> 2000 + random.nextInt(3000);
            default -> 20_000 + random.nextInt(60_000);
        };
        var keys = new ArrayList<String>(n);
        String kind = pick(random, List.of("order_by", "experiment_ids", "run_ids", "keys", "metric_keys", "metrics", "params",
                "tags", "group_by", "panels", "datasets", "aliases", "inputs", "models"));
        for (int i = 0; i < n; i++) {
            keys.add(switch (kind) {
                case "order_by" -> quote("metrics.m" + i + (i % 2 == 0 ? " ASC" : " DESC"));
                case "metrics" -> "{\"key\":\"m\",\"value\":" + i + ",\"timestamp\":1,\"step\":" + i + "}";
                case "params", "tags" -> "{\"key\":\"k" + i + "\",\"value\":\"v\"}";
                default -> quote(i % 3 == 0 ? ids.runId : Integer.toString(i));
            });
        }
        return "{\"run_id\":\"" + ids.runId + "\",\"experiment_ids\":[\"" + ids.experimentId + "\"],\"" + kind + "\":["
                + String.join(",", keys) + "],\"max_results\":" + pick(random, List.of("1", "1000", "50000", "2147483648",
                "9223372036854775807", "-1", "0")) + "}";
    }

    private static String deepNesting(Random random) {
        int depth = pick(random, List.of(100, 999, 1000, 1001, 5000, 100_000));
        String open = pick(random, List.of("[", "{\"a\":", "{\"filter\":", "{\"metrics\":["));
        String close = open.equals("[") ? "]" : open.equals("{\"metrics\":[") ? "]}" : "}";
        return open.repeat(depth) + "1" + close.repeat(random.nextInt(10) == 0 ? depth / 2 : depth);
    }

    /** Each known field with a value of the wrong JSON type. */
    private String wrongTypes(Random random) {
        var fields = new ArrayList<String>();
        fields.add("\"run_id\":" + pick(random, List.of(quote(ids.runId), "[\"" + ids.runId + "\"]", "{\"id\":1}", "12", "true")));
        int count = 2 + random.nextInt(8);
        for (int i = 0; i < count; i++) {
            String name = pick(random, random.nextBoolean() ? NUMERIC_FIELDS : List.of("experiment_id", "experiment_ids", "name",
                    "key", "tags", "params", "metrics", "filter", "order_by", "config", "notes", "datasets", "run_ids", "keys",
                    "description", "aliases", "source", "model_id", "x_axis", "log_y", "group_by", "band"));
            String value = pick(random, List.of("[]", "{}", "[[]]", "[{}]", "true", "false", "null", "\"\"", "[null]", "{\"\":null}",
                    "[1,\"a\",{},[]]", "\"" + "\\u0000".repeat(10) + "\"", "\"\\uD800\"", "\"\\uDFFF\\uD800\"", "1e308", "-1e308",
                    quote(pick(random, NUMBER_STRINGS)), pick(random, List.of("9223372036854775807", "-9223372036854775808",
                    "18446744073709551616", "1e400", "-0.0", "1.0e-400"))));
            fields.add(quote(name) + ":" + value);
        }
        return "{" + String.join(",", fields) + "}";
    }

    /** Numbers at the edges in every numeric field, as JSON numbers and as strings. */
    private String extremeNumbers(Random random) {
        var fields = new ArrayList<String>();
        fields.add("\"run_id\":\"" + (random.nextBoolean() ? ids.runId : ids.mlflowRunId) + "\"");
        fields.add("\"experiment_id\":\"" + ids.experimentId + "\"");
        if (random.nextBoolean()) fields.add("\"key\":\"" + (random.nextBoolean() ? "loss" : "extreme") + "\"");
        if (random.nextBoolean()) fields.add("\"metric_key\":\"extreme\",\"run_ids\":[\"" + ids.mlflowRunId + "\"]");
        int count = 1 + random.nextInt(6);
        for (int i = 0; i < count; i++) {
            String number = pick(random, EXTREME_NUMBERS).trim();
            String value = random.nextBoolean() && number.matches("-?[0-9]+(\\.[0-9]+)?(e-?[0-9]+)?") ? number : quote(number);
            if (random.nextInt(5) == 0) value = quote(pick(random, NUMBER_STRINGS));
            fields.add(quote(pick(random, NUMERIC_FIELDS)) + ":" + value);
        }
        if (random.nextInt(3) == 0) {
            fields.add("\"metrics\":[{\"key\":\"extreme\",\"value\":" + pick(random, List.of("1e308", "-1e308", "\"NaN\"",
                    "\"Infinity\"", "4.9e-324")) + ",\"timestamp\":" + pick(random, List.of("-9223372036854775808",
                    "9223372036854775807", "0")) + ",\"step\":" + pick(random, List.of("-9223372036854775808", "9223372036854775807",
                    "0", "-1")) + "}]");
        }
        return "{" + String.join(",", fields) + "}";
    }

    /** A JSON body whose string holds overlong UTF-8 ('/' as C0 AF), a lone surrogate (ED A0 80) and a stray byte. */
    private static byte[] overlongUtf8Body() {
        return new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, (byte) 0xED, (byte) 0xA0,
                (byte) 0x80, (byte) 0xFF, '"', '}'};
    }

    /** The item-5 shapes of issue 14, each sent as it was reported. */
    List<HostileRequests.Request> reported() {
        var requests = new ArrayList<HostileRequests.Request>();
        var json = Map.of("Content-Type", "application/json");
        String run = ids.mlflowRunId;
        for (String target : List.of("/api/v1/runs/%u0041", "/api/v1/runs/" + ids.runId + "/artifacts/%u0041",
                "/api/2.0/mlflow-artifacts/artifacts/%u0041", "/api/v1/experiments/%u0031",
                "/api/2.0/mlflow/experiments/search?view_type=99999999999",
                "/api/v1/runs/" + run + "/metrics/extreme?buckets=1&from_step=-9223372036854775808&to_step=9223372036854775807",
                "/api/v1/runs/" + run + "/metrics/extreme?buckets=1", "/api/v1/runs/" + run + "/metrics/extreme?buckets=2",
                "/api/2.0/mlflow/metrics/get-history-bulk-interval?run_ids=" + run + "&metric_key=extreme&max_results=1",
                "/api/2.0/mlflow/metrics/get-history-bulk-interval?run_ids=" + run + "&metric_key=extreme&max_results=2")) {
            requests.add(new HostileRequests.Request("GET", target, Map.of(), new byte[0], 0));
        }
        var bodies = new LinkedHashMap<String, String>();
        bodies.put("/api/2.0/mlflow/runs/search", "{\"experiment_ids\":[\"" + ids.experimentId + "\"],\"run_view_type\":\"2147483648\"}");
        bodies.put("/api/2.0/mlflow/runs/update", "{\"run_id\":\"" + run + "\",\"status\":\"99999999999\"}");
        var orderBy = new ArrayList<String>();
        for (int i = 0; i < 2000; i++) orderBy.add(quote("metrics.m" + i));
        bodies.put("/api/v1/runs/search", "{\"order_by\":[" + String.join(",", orderBy) + "]}");
        bodies.put("/api/2.0/mlflow/experiments/search", "{\"filter\":\"name LIKE '" + "x".repeat(50_001) + "'\"}");
        var idsList = new ArrayList<String>();
        for (int i = 0; i < 1_000_000; i++) idsList.add(quote(Integer.toString(i)));
        bodies.put("/ajax-api/2.0/mlflow/runs/search", "{\"experiment_ids\":[" + String.join(",", idsList) + "]}");
        bodies.forEach((target, body) -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            requests.add(new HostileRequests.Request("POST", target, json, bytes, bytes.length));
        });
        return requests;
    }

    static String quote(String text) {
        var out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c)) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"').toString();
    }

    private static <T> T pick(Random random, List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
