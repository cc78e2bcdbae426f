package dev.sextant.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.server.http.Route;
import dev.sextant.server.support.RawClient;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seeded hostile requests for any route template: malformed and truncated JSON, wrong types, huge numbers,
 * NaN/Infinity, deep nesting, odd content types, query strings and path values. {@link HostileInputTest} sends them
 * to an in-process server, {@link FuzzTest} to a server process with a small heap.
 */
class HostileRequests {
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** One generated request, kept so a refused one can be replayed exactly. */
    record Request(String method, String target, Map<String, String> headers, byte[] body, int sendBytes) {
        String describe() {
            String shown = new String(body, 0, Math.min(body.length, 300), StandardCharsets.ISO_8859_1);
            return method + " " + (target.length() > 300 ? target.substring(0, 300) + "..." : target) + " " + headers
                    + " body(" + body.length + "B, sent " + sendBytes + "): " + shown;
        }
    }

    String runId;
    String deletedRunId;
    String experimentId;
    String mlflowRunId;


    /** An experiment, a live and a deleted run with a metric and a file, and an MLflow-made run to aim at. */
    static HostileRequests seed(RawClient client) throws IOException {
        var ids = new HostileRequests();
        var experiment = json(client.send("POST", "/api/v1/experiments", "application/json", "{\"name\":\"hostile\"}"));
        ids.experimentId = experiment.get("experiment_id").asText();
        ids.runId = json(client.send("POST", "/api/v1/runs", "application/json",
                "{\"experiment_id\":\"" + ids.experimentId + "\",\"config\":{\"lr\":0.1}}")).get("run_id").asText();
        ids.deletedRunId = json(client.send("POST", "/api/v1/runs", "application/json",
                "{\"experiment_id\":\"" + ids.experimentId + "\"}")).get("run_id").asText();
        client.send("DELETE", "/api/v1/runs/" + ids.deletedRunId, null, null);
        client.send("POST", "/api/v1/runs/" + ids.runId + "/metrics", "application/json",
                "{\"metrics\":[{\"key\":\"loss\",\"value\":1.5,\"step\":0},{\"key\":\"loss\",\"value\":1.0,\"step\":1}]}");
        client.send("PUT", "/api/v1/runs/" + ids.runId + "/artifacts/files/a.txt", "text/plain", "hello");
        ids.mlflowRunId = json(client.send("POST", "/api/2.0/mlflow/runs/create", "application/json",
                "{\"experiment_id\":\"" + ids.experimentId + "\"}")).at("/run/info/run_id").asText();
        return ids;
    }

    private static JsonNode json(RawClient.Response response) throws IOException {
        assertThat(response.status()).as(response.text()).isLessThan(300);
        return MAPPER.readTree(response.body());
    }


    private static final Pattern PARAM = Pattern.compile("\\{([a-z_]+)}|<([a-z_]+)>");

    private static final List<String> FIELDS = List.of("experiment_id", "experiment_ids", "experiment_name", "name", "run_id",
            "run_uuid", "run_ids", "key", "keys", "value", "step", "timestamp", "timestamp_ms", "metrics", "params", "tags",
            "filter", "filter_string", "order_by", "max_results", "page_token", "buckets", "from_step", "to_step", "status",
            "end_time", "end_time_ms", "start_time", "notes", "config", "view_type", "run_view_type", "path", "new_name",
            "description", "artifact_location", "metric_key", "user_id", "model_json", "datasets", "start_step", "end_step",
            "parent_run_id", "lifecycle_stage", "raw", "recursive", "prefix", "width", "height", "run", "x_axis", "log_y",
            "smoothing", "theme");

    private static final List<String> HOSTILE_STRINGS = List.of("", " ", "..", "../../../../etc/passwd", "%2e%2e%2f%2e%2e%2f",
            "..\\..\\windows", "/etc/passwd", "a/../../b", "1' OR '1'='1", "'; DROP TABLE runs; --", "\" OR 1=1 --",
            "params.x = 'a' OR 1=1", "metrics.loss < 1 UNION SELECT * FROM runs", "NaN", "Infinity", "-Infinity", "nan", "1e309",
            "-1", "0", "99999999999999999999", "9223372036854775808", "-9223372036854775809", "true", "null", "\u0000",
            "\u202e\u0000evil", "é😀", "\uD800", "<script>alert(1)</script>", "${jndi:ldap://x}", "%s%s%s%n", "{{7*7}}",
            "attributes.status = 'RUNNING' ORDER BY 1", "tags.`a` LIKE '%", "metrics.`loss` >= -1e309", "ACTIVE_ONLY", "ALL",
            "DELETED_ONLY", "FINISHED", "KILLED", "start_time DESC", "metrics.loss ASC NULLS FIRST", "name ; DELETE",
            "0000000000000000000000000000000g", "00000000000000000000000000000000");

    private static final List<String> RAW_NUMBERS = List.of("1e309", "-1e309", "99999999999999999999", "-99999999999999999999",
            "NaN", "Infinity", "-Infinity", "1.5", "-0", "0", "-1", "1e-400", "9223372036854775807", "9223372036854775808",
            "0.0000000001", "123456789012345678901234567890.5", "2147483648", "-2147483649");

    private static final List<String> CONTENT_TYPES = List.of("application/json", "application/json; charset=utf-8",
            "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz", "application/octet-stream",
            "image/svg+xml", "text/html", "garbage;;;=", "application/json; charset=bogus-charset", "*/*");

    Request generate(Route route, Random random) {
        String method = route.method().name();
        if (random.nextInt(20) == 0) method = pick(random, List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE"));
        String target = fillPath(route.path(), random) + query(random);
        var headers = new LinkedHashMap<String, String>();
        if (random.nextInt(4) != 0) headers.put("Content-Type", pick(random, CONTENT_TYPES));
        if (random.nextInt(10) == 0) headers.put("Range", pick(random, List.of("bytes=99999999999999999999-", "bytes=5-1",
                "bytes=-0", "bytes=0-0,1-1,2-2", "items=1-2", "bytes=-99999999999999999999")));
        if (random.nextInt(15) == 0) headers.put("If-None-Match", pick(random, List.of("*", "\"x\"", "garbage")));
        if (random.nextInt(15) == 0) headers.put("If-Modified-Since", pick(random, List.of("yesterday", "Thu, 01 Jan 1970 00:00:00 GMT")));
        byte[] body = body(random).getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(30) == 0) body = invalidUtf8(random);
        int sendBytes = body.length;
        if (random.nextInt(25) == 0 && body.length > 2) {
            // Truncated in flight: declares the full length, sends part of it, then closes the sending side.
            sendBytes = random.nextInt(body.length);
        }
        return new Request(method, target, headers, body, sendBytes);
    }

    private String fillPath(String template, Random random) {
        Matcher matcher = PARAM.matcher(template);
        var result = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
            boolean slashes = matcher.group(2) != null;
            matcher.appendReplacement(result, Matcher.quoteReplacement(pathValue(name, slashes, random)));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private String pathValue(String name, boolean slashes, Random random) {
        int dice = random.nextInt(10);
        if (dice < 3) {
            return switch (name) {
                case "run_id" -> random.nextBoolean() ? runId : deletedRunId;
                case "experiment_id" -> experimentId;
                case "key" -> "loss";
                case "path" -> pick(random, List.of("files/a.txt", "files", "new/b.bin", experimentId + "/" + runId + "/artifacts/x.txt"));
                default -> "x";
            };
        }
        List<String> hostile = List.of("..", "%2e%2e", "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "..%2f..%2f..%2fescape.txt",
                "../../../../escape.txt", "%2e%2e/%2e%2e/escape.txt", "a/%2e%2e/%2e%2e/%2e%2e/escape.txt", "..%5c..%5cescape.txt",
                "%00", "a%00b", "%ff%fe", "%", "%zz", "%c0%ae%c0%ae/escape", "1'%20OR%20'1'='1", "-1", "99999999999999999999",
                "NaN", "0", "00000000000000000000000000000000", runId.toUpperCase(java.util.Locale.ROOT), runId + "x",
                "x".repeat(5000), "%E2%80%AE", "a;b", "%2F%2Fetc%2Fpasswd", "~", ".", "//", "a//b", "a/./b", "CON", "nul.txt");
        String value = pick(random, hostile);
        if (!slashes && value.contains("/") && random.nextBoolean()) value = value.replace("/", "%2F");
        return value;
    }

    private String query(Random random) {
        int count = random.nextInt(4);
        if (count == 0) return "";
        var query = new StringBuilder("?");
        for (int i = 0; i < count; i++) {
            if (i > 0) query.append('&');
            String name = pick(random, FIELDS);
            String value = random.nextInt(5) == 0 ? pick(random, RAW_NUMBERS) : pick(random, HOSTILE_STRINGS);
            if (random.nextInt(12) == 0) value = "x".repeat(20_000);
            if (random.nextInt(10) == 0) {
                query.append(name).append('=').append(pick(random, List.of("%", "%zz", "%00", "a%2", "%ff", "[]", "a=b=c")));
            } else {
                query.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
        return query.toString();
    }

    private String body(Random random) {
        return switch (random.nextInt(14)) {
            case 0 -> "";
            case 1 -> pick(random, List.of("null", "[]", "\"string\"", "123", "true", "{", "}", "{\"a\":}", "{'a':1}",
                    "{\"a\":1,}", "[1,2", "{\"metrics\":[{\"key\":\"loss\",\"value\":", "\u0000\u0001\u0002", "NaN", "{\"\":\"\"}"));
            case 2 -> "[".repeat(10_000) + "]".repeat(random.nextBoolean() ? 10_000 : 0);
            case 3 -> "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000);
            case 4 -> {
                String valid = object(random, 0);
                yield valid.substring(0, random.nextInt(Math.max(1, valid.length())));
            }
            case 5 -> "{\"metrics\":[" + String.join(",", java.util.Collections.nCopies(1 + random.nextInt(50),
                    "{\"key\":" + jsonString(pick(random, List.of("loss", "a/../b", "", "x".repeat(300), "é", "k"))) + ",\"value\":"
                            + pick(random, RAW_NUMBERS) + ",\"step\":" + pick(random, RAW_NUMBERS) + ",\"timestamp\":"
                            + pick(random, RAW_NUMBERS) + "}")) + "]}";
            case 6 -> "{\"filter\":" + jsonString(pick(random, HOSTILE_STRINGS) + " and " + pick(random, HOSTILE_STRINGS))
                    + ",\"order_by\":[" + jsonString(pick(random, HOSTILE_STRINGS)) + ",null]}";
            case 7 -> "{\"filter\":" + jsonString("params.p = '" + "x".repeat(5_000 + random.nextInt(10_000)) + "'") + "}";
            case 8 -> "{\"tags\":" + (random.nextBoolean() ? "{\"k\":" + pick(random, RAW_NUMBERS) + "}"
                    : "[{\"key\":\"k\",\"value\":" + pick(random, RAW_NUMBERS) + "},{\"key\":null}]") + "}";
            default -> object(random, 0);
        };
    }

    private String object(Random random, int depth) {
        var fields = new ArrayList<String>();
        int count = 1 + random.nextInt(5);
        for (int i = 0; i < count; i++) fields.add(jsonString(pick(random, FIELDS)) + ":" + value(random, depth));
        if (random.nextBoolean()) fields.add("\"run_id\":\"" + (random.nextBoolean() ? runId : mlflowRunId) + "\"");
        if (random.nextInt(3) == 0) fields.add("\"experiment_id\":\"" + experimentId + "\"");
        return "{" + String.join(",", fields) + "}";
    }

    private String value(Random random, int depth) {
        return switch (random.nextInt(depth > 2 ? 6 : 9)) {
            case 0 -> pick(random, RAW_NUMBERS);
            case 1, 2 -> jsonString(pick(random, HOSTILE_STRINGS));
            case 3 -> pick(random, List.of("null", "true", "false", "[]", "{}"));
            case 4 -> jsonString("x".repeat(random.nextInt(20_000)));
            case 5 -> "[" + jsonString(pick(random, HOSTILE_STRINGS)) + "," + pick(random, RAW_NUMBERS) + ",null]";
            case 6 -> "[" + object(random, depth + 1) + "]";
            case 7 -> "[{\"key\":" + jsonString(pick(random, HOSTILE_STRINGS)) + ",\"value\":" + value(random, depth + 1)
                    + ",\"step\":" + pick(random, RAW_NUMBERS) + ",\"timestamp\":" + pick(random, RAW_NUMBERS) + "}]";
            default -> object(random, depth + 1);
        };
    }

    /** Huge declared and real bodies, chunked bodies over the limits, lying framing, path traversal. */
    List<Request> specials() {
        var requests = new ArrayList<Request>();
        var json = Map.of("Content-Type", "application/json");
        // Huge declared bodies: refused from the Content-Length alone, after a few bytes were sent.
        for (String target : List.of("/api/v1/experiments", "/api/v1/runs/" + runId + "/metrics", "/api/v1/runs/search",
                "/api/2.0/mlflow/runs/log-batch", "/api/2.0/mlflow/runs/create", "/api/v1/runs/" + runId + "/artifacts/big.bin",
                "/api/2.0/mlflow-artifacts/artifacts/" + experimentId + "/" + runId + "/artifacts/big.bin")) {
            var headers = new LinkedHashMap<>(json);
            headers.put("Content-Length", "100000000000");
            requests.add(new Request(target.contains("artifacts/") ? "PUT" : "POST", target, headers,
                    "{\"metrics\":[".getBytes(StandardCharsets.UTF_8), 12));
        }
        // Huge real bodies, over each limit.
        byte[] big = ("{\"name\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        requests.add(new Request("POST", "/api/v1/experiments", json, big, big.length));
        requests.add(new Request("POST", "/api/v1/runs/" + runId + "/metrics", json, big, big.length));
        requests.add(new Request("POST", "/api/2.0/mlflow/experiments/create", json, big, big.length));
        byte[] bigFile = new byte[5 * 1024 * 1024];
        requests.add(new Request("PUT", "/api/v1/runs/" + runId + "/artifacts/big.bin", Map.of(), bigFile, bigFile.length));
        // Chunked bodies over the limit (no Content-Length to check up front).
        for (String target : List.of("/api/v1/experiments", "/api/v1/runs/" + runId + "/metrics", "/api/2.0/mlflow/runs/search",
                "/api/v1/runs/" + runId + "/artifacts/chunked.bin")) {
            var headers = new LinkedHashMap<>(json);
            headers.put("Transfer-Encoding", "chunked");
            requests.add(new Request(target.contains("artifacts/") ? "PUT" : "POST", target, headers, chunked(5 * 1024 * 1024), Integer.MAX_VALUE));
        }
        // Lying and malformed Content-Length / framing.
        for (String length : List.of("-1", "abc", "99999999999999999999999", "5, 6")) {
            var headers = new LinkedHashMap<>(json);
            headers.put("Content-Length", length);
            requests.add(new Request("POST", "/api/v1/experiments", headers, "{\"name\":\"z\"}".getBytes(StandardCharsets.UTF_8), 12));
        }
        // Path traversal through raw request lines.
        for (String path : List.of("/../../../etc/passwd", "/api/v1/runs/" + runId + "/artifacts/../../../../escape.txt",
                "/api/v1/runs/" + runId + "/artifacts/%2e%2e/%2e%2e/%2e%2e/escape.txt",
                "/api/v1/runs/" + runId + "/artifacts/..%2F..%2F..%2Fescape.txt",
                "/api/2.0/mlflow-artifacts/artifacts/" + experimentId + "/" + runId + "/artifacts/../../../../escape.txt",
                "/api/2.0/mlflow-artifacts/artifacts/..%2F..%2F..%2Fescape.txt", "/%2e%2e/%2e%2e/escape.txt",
                "/api/v1/runs/" + runId + "/artifacts/%00escape.txt", "/api/v1/runs/" + runId + "/artifacts/a%5c..%5c..%5cescape.txt",
                "http://127.0.0.1/../escape.txt", "*", "/api/v1/runs/" + runId + "/artifacts/" + "a/".repeat(2000) + "b")) {
            requests.add(new Request("PUT", path, Map.of(), "pwned".getBytes(StandardCharsets.UTF_8), 5));
            requests.add(new Request("GET", path, Map.of(), new byte[0], 0));
        }
        return requests;
    }

    private static byte[] chunked(int size) {
        var out = new java.io.ByteArrayOutputStream();
        byte[] chunk = "[".repeat(65536).getBytes(StandardCharsets.US_ASCII);
        for (int sent = 0; sent < size; sent += chunk.length) {
            out.writeBytes((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(chunk);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static byte[] invalidUtf8(Random random) {
        byte[] bytes = new byte[1 + random.nextInt(200)];
        random.nextBytes(bytes);
        bytes[0] = '{';
        return bytes;
    }

    private static String jsonString(String text) {
        try {
            return MAPPER.writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T pick(Random random, List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
