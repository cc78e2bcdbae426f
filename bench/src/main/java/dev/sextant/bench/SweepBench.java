package dev.sextant.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.server.Server;
import dev.sextant.server.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The sweep methods on standard test functions, through the real server over HTTP: for each function, method and
 * seed, a sweep of TRIALS trials run by one agent (next → evaluate → log the value → finish). Prints the median (and
 * quartiles) of the best value found, and writes every seed's best to bench/sweeps/results-java.json.
 * Usage: bench/run sweeps [trials=50] [seeds=20]
 */
public final class SweepBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Problem(String name, Map<String, double[]> bounds, ToDoubleFunction<Map<String, Double>> f, double optimum) {}

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        var dataDir = Files.createTempDirectory("sweep-bench");
        var results = new LinkedHashMap<String, Map<String, double[]>>();
        try (var server = Server.start(ServerConfig.embedded("127.0.0.1", 0, dataDir))) {
            String base = "http://127.0.0.1:" + server.port();
            for (var problem : List.of(TestFunctions.branin(), TestFunctions.hartmann6())) {
                var byMethod = new LinkedHashMap<String, double[]>();
                for (var method : List.of("random", "bayes")) {
                    var bests = new double[seeds];
                    long started = System.nanoTime();
                    for (int seed = 0; seed < seeds; seed++) bests[seed] = runSweep(base, problem, method, seed, trials);
                    double seconds = (System.nanoTime() - started) / 1e9;
                    byMethod.put(method, bests);
                    System.out.printf("%-10s %-7s median best %.5f  (q1 %.5f, q3 %.5f; optimum %.5f)  %.1f s%n",
                            problem.name(), method, quantile(bests, 0.5), quantile(bests, 0.25), quantile(bests, 0.75),
                            problem.optimum(), seconds);
                }
                results.put(problem.name(), byMethod);
            }
        }
        var out = Path.of("bench/sweeps/results-java.json");
        Files.writeString(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(results));
        System.out.println("per-seed bests written to " + out);
    }

    private static double runSweep(String base, Problem problem, String method, int seed, int trials) throws Exception {
        var parameters = JSON.createObjectNode();
        problem.bounds().forEach((name, range) -> parameters.putObject(name)
                .put("distribution", "uniform").put("min", range[0]).put("max", range[1]));
        var config = JSON.createObjectNode().put("method", method).put("run_cap", trials).put("seed", seed);
        config.putObject("metric").put("name", "value").put("goal", "minimize");
        config.set("parameters", parameters);
        var body = JSON.createObjectNode().put("name", problem.name() + "-" + method + "-" + seed);
        body.set("config", config);
        var sweepId = send("POST", base + "/api/v1/sweeps", body.toString()).get("sweep_id").asText();
        double best = Double.POSITIVE_INFINITY;
        for (int trial = 0; trial < trials; trial++) {
            var issued = send("POST", base + "/api/v1/sweeps/" + sweepId + "/next", "");
            var x = new LinkedHashMap<String, Double>();
            issued.get("config").fields().forEachRemaining(field -> x.put(field.getKey(), field.getValue().asDouble()));
            double value = problem.f().applyAsDouble(x);
            best = Math.min(best, value);
            String runId = issued.get("run_id").asText();
            send("POST", base + "/api/v1/runs/" + runId + "/metrics",
                    "{\"metrics\":[{\"key\":\"value\",\"value\":" + value + ",\"step\":0}]}");
            send("PATCH", base + "/api/v1/runs/" + runId, "{\"status\":\"FINISHED\"}");
        }
        return best;
    }

    private static JsonNode send(String method, String url, String body) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) throw new IllegalStateException(method + " " + url + " → " + response.statusCode() + " " + response.body());
        return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    static double quantile(double[] values, double q) {
        var sorted = values.clone();
        Arrays.sort(sorted);
        double position = q * (sorted.length - 1);
        int low = (int) Math.floor(position);
        int high = Math.min(sorted.length - 1, low + 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }

    /** Branin (2-D) and Hartmann-6 (6-D), as defined in the global-optimisation test-function literature. */
    static final class TestFunctions {
        private TestFunctions() {}

        static Problem branin() {
            var bounds = new LinkedHashMap<String, double[]>();
            bounds.put("x1", new double[] {-5, 10});
            bounds.put("x2", new double[] {0, 15});
            return new Problem("branin", bounds, x -> {
                double x1 = x.get("x1");
                double x2 = x.get("x2");
                double b = 5.1 / (4 * Math.PI * Math.PI);
                double c = 5 / Math.PI;
                double t = 1 / (8 * Math.PI);
                return Math.pow(x2 - b * x1 * x1 + c * x1 - 6, 2) + 10 * (1 - t) * Math.cos(x1) + 10;
            }, 0.397887);
        }

        static Problem hartmann6() {
            double[] alpha = {1.0, 1.2, 3.0, 3.2};
            double[][] a = {{10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14}, {3, 3.5, 1.7, 10, 17, 8},
                    {17, 8, 0.05, 10, 0.1, 14}};
            double[][] p = {{0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886}, {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
                    {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650}, {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}};
            var bounds = new LinkedHashMap<String, double[]>();
            for (int i = 1; i <= 6; i++) bounds.put("x" + i, new double[] {0, 1});
            return new Problem("hartmann6", bounds, x -> {
                double sum = 0;
                for (int i = 0; i < 4; i++) {
                    double inner = 0;
                    for (int j = 0; j < 6; j++) inner += a[i][j] * Math.pow(x.get("x" + (j + 1)) - p[i][j], 2);
                    sum += alpha[i] * Math.exp(-inner);
                }
                return -sum;
            }, -3.32237);
        }
    }
}
