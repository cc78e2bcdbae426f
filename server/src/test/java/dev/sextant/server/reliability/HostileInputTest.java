package dev.sextant.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.server.Server;
import dev.sextant.server.ServerConfig;
import dev.sextant.server.http.Route;
import dev.sextant.server.service.Limits;
import dev.sextant.server.support.RawClient;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * At least 10,000 seeded, generated hostile requests across every route of both APIs. No answer may be a 5xx,
 * every error is {"error_code","message"} JSON, the requests refused are replayed to show they change neither the
 * database nor the artifact root, and nothing is ever written next to the data folder.
 */
class HostileInputTest {
    private static final long SEED = 20_240_611L;
    private static final int REQUESTS = 10_500;
    private static final ObjectMapper MAPPER = new ObjectMapper();


    @TempDir
    Path root;


    @Test
    @Timeout(180)
    void ten_thousand_hostile_requests_get_no_5xx_and_refused_ones_change_nothing() throws Exception {
        Path dataDir = root.resolve("data");
        var limits = new Limits(1024 * 1024, 2 * 1024 * 1024, 4L * 1024 * 1024, 10_000, 250, 8000, 4096);
        var config = ServerConfig.embedded("127.0.0.1", 0, dataDir).withLimits(limits);
        try (var server = Server.start(config); var client = new RawClient(server.port())) {
            var hostile = HostileRequests.seed(client);
            var routes = server.allRoutes();
            var outside = listing(root, dataDir);
            var random = new Random(SEED);
            var failures = new ArrayList<String>();
            int refused = 0;
            int tried = 0;
            int fiveHundreds = 0;
            long started = System.nanoTime();
            var perRoute = new TreeMap<String, Integer>();
            try (var watcher = new ChangeWatcher(dataDir.resolve("sextant.db"), dataDir.resolve("artifacts"))) {
                var requests = new ArrayList<HostileRequests.Request>();
                for (int i = 0; i < REQUESTS; i++) {
                    var route = routes.get(i % routes.size());
                    perRoute.merge(route.method() + " " + route.path(), 1, Integer::sum);
                    requests.add(hostile.generate(route, random));
                }
                requests.addAll(hostile.specials());
                for (var request : requests) {
                    boolean write = !request.method().equals("GET") && !request.method().equals("HEAD");
                    if (write) watcher.mark();
                    var response = send(client, request, failures);
                    tried++;
                    if (response == null) continue;
                    else if (response.status() >= 500) fiveHundreds++;
                    String problem = check(request, response);
                    if (problem != null && failures.size() < 200) failures.add(problem);
                    if (response.status() >= 400 && write) {
                        refused++;
                        String change = watcher.changed();
                        if (change != null && failures.size() < 200) {
                            failures.add("refused request (" + response.status() + ") changed " + change + ": " + request.describe());
                        }
                    }
                }
            }
            System.out.printf("hostile input: %d requests tried over %d routes, %d answered 5xx, %d refused writes, each"
                            + " checked to change neither the database nor the artifact root (%.1f s)%n",
                    tried, routes.size(), fiveHundreds, refused, (System.nanoTime() - started) / 1e9);
            failures.stream().limit(25).forEach(System.out::println);
            assertThat(failures).as("problems (first 25 printed)").isEmpty();
            assertThat(fiveHundreds).isZero();
            assertThat(tried).isGreaterThanOrEqualTo(10_000);
            assertThat(perRoute).hasSize(routes.size());
            assertThat(listing(root, dataDir)).as("files outside the data folder").isEqualTo(outside);
            assertThat(listing(dataDir, dataDir.resolve("artifacts")).keySet())
                    .as("files in the data folder besides artifacts")
                    .allMatch(name -> name.startsWith("sextant.db"));
        }
    }

    // ---- checks ----

    /** Sends; a request that gets no answer at all is a failure too (the server must always answer). */
    private static RawClient.Response send(RawClient client, HostileRequests.Request request, List<String> failures) {
        try {
            return client.send(request.method(), request.target(), request.headers(), request.body(), request.sendBytes());
        } catch (IOException e) {
            if (failures.size() < 200) failures.add("no response (" + e.getMessage() + ") for " + request.describe());
            return null;
        }
    }

    private static String check(HostileRequests.Request request, RawClient.Response response) {
        int status = response.status();
        if (status >= 500) return "5xx " + status + " for " + request.describe() + "\n  -> " + abbreviate(response.text());
        if (status >= 400 && !request.method().equals("HEAD")) {
            try {
                var body = MAPPER.readTree(response.body());
                if (body == null || !body.isObject() || !body.path("error_code").isTextual() || !body.path("message").isTextual()) {
                    return "error body is not {error_code, message}: " + status + " " + abbreviate(response.text())
                            + " for " + request.describe();
                }
            } catch (IOException e) {
                return "error body is not JSON: " + status + " " + abbreviate(response.text()) + " for " + request.describe();
            }
        }
        return null;
    }

    private static String abbreviate(String text) {
        return text.length() > 400 ? text.substring(0, 400) + "..." : text;
    }


    /** Relative path → size of every file under {@code dir}, leaving out {@code skip} and everything in it. */
    static Map<String, Long> listing(Path dir, Path skip) throws IOException {
        var files = new TreeMap<String, Long>();
        if (!Files.exists(dir)) return files;
        try (var walk = Files.walk(dir)) {
            for (var path : (Iterable<Path>) walk::iterator) {
                if (skip != null && path.startsWith(skip)) continue;
                if (Files.isRegularFile(path)) files.put(dir.relativize(path).toString(), Files.size(path));
                else if (Files.isDirectory(path) && !path.equals(dir)) files.put(dir.relativize(path) + "/", -1L);
            }
        }
        return files;
    }
}
