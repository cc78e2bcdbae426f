# Sextant: build the fat jar with the Maven wrapper, run it on a JRE as a non-root user.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN chmod +x mvnw && ./mvnw -q package -DskipTests

FROM eclipse-temurin:17-jre
# Charts need a real font on a headless JRE; curl serves the health check.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-dejavu-core curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /var/lib/sextant --create-home sextant \
    && mkdir -p /var/lib/sextant/data \
    && chown -R sextant:sextant /var/lib/sextant
COPY --from=build /src/server/target/sextant.jar /opt/sextant/sextant.jar
USER sextant
WORKDIR /var/lib/sextant
ENV SEXTANT_DATA_DIR=/var/lib/sextant/data
EXPOSE 5055
# Ready = the database answers and is migrated and the artifact store is reachable (/health/live: the process only).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=5 \
    CMD curl -fsS http://127.0.0.1:5055/health/ready || exit 1
# Heap: half the container's memory (512 MiB in the 1 GiB pod; the server is tested at 256 MiB), and a process that
# ever runs out of it exits to be restarted rather than limping on (README, "Memory").
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "-XX:+ExitOnOutOfMemoryError", "-Duser.home=/var/lib/sextant", "-jar", "/opt/sextant/sextant.jar"]
CMD ["--host", "0.0.0.0", "--artifacts", "s3://sextant/artifacts", "--s3-endpoint", "http://minio:9000"]
