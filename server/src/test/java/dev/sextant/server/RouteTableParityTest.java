package dev.sextant.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.server.http.Route;
import dev.sextant.server.service.Limits;
import java.nio.file.Path;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Declared body kinds against the rules they replace (BodyLimitFilter's regexes); access: see RouteTableTest. */
class RouteTableParityTest {
    @TempDir Path dir;

    static String concrete(String template) {
        return template.replaceAll("\\{[^}]*}", "p0").replaceAll("<[^>]*>", "a/b.txt");
    }

    static String limitName(Route.Body body) {
        return switch (body) {
            case ARTIFACT_UPLOAD -> "max-artifact-size";
            case METRIC_BATCH -> "max-metric-body";
            case JSON, NONE -> "max-json-body";
        };
    }

    @Test
    void declared_body_limits_equal_the_old_rules_on_every_route() {
        try (var server = Server.start(ServerConfig.embedded("127.0.0.1", 0, dir))) {
            var filter = new BodyLimitFilter(Limits.DEFAULTS, 1);
            var bodyDiffs = new ArrayList<String>();
            for (var route : server.allRoutes()) {
                var method = route.method().name();
                var path = concrete(route.path());
                var oldLimit = filter.limitFor(method, path).name();
                if (!oldLimit.equals(limitName(route.body()))) bodyDiffs.add(method + " " + route.path() + " " + oldLimit + " -> " + route.body());
            }
            System.out.println("routes: " + server.allRoutes().size());
            bodyDiffs.forEach(d -> System.out.println("BODY " + d));
            assertThat(bodyDiffs).containsExactlyInAnyOrder(
                    "POST /ajax-api/2.0/mlflow/upload-artifact max-json-body -> ARTIFACT_UPLOAD",
                    "POST /api/2.0/mlflow-artifacts/mpu/create/<path> max-artifact-size -> JSON",
                    "POST /api/2.0/mlflow-artifacts/mpu/complete/<path> max-artifact-size -> JSON",
                    "POST /api/2.0/mlflow-artifacts/mpu/abort/<path> max-artifact-size -> JSON",
                    "POST /ajax-api/2.0/mlflow-artifacts/mpu/create/<path> max-artifact-size -> JSON",
                    "POST /ajax-api/2.0/mlflow-artifacts/mpu/complete/<path> max-artifact-size -> JSON",
                    "POST /ajax-api/2.0/mlflow-artifacts/mpu/abort/<path> max-artifact-size -> JSON");
        }
    }
}
