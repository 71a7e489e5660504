# The LealUp server image (docker-compose.yml): `docker build -t lealup:local .`
# Build stage: the same command as README's, with the Maven wrapper (needs Maven Central).
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -q package -DskipTests

FROM eclipse-temurin:17-jre
# curl for the health check of docker-compose.yml
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/lealup --create-home lealup
COPY --from=build /src/app/target/lealup.jar /opt/lealup/lealup.jar
USER lealup
WORKDIR /var/lib/lealup
# the embedded PostgreSQL's directory when LEALUP_DB_URL is not set (a single node); compose sets LEALUP_DB_URL
ENV LEALUP_DATA_DIR=/var/lib/lealup/data
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=120s --retries=3 \
    CMD curl -fs http://localhost:8080/actuator/health/readiness || exit 1
# a node whose heap ran out exits, for its supervisor to start it again: an OutOfMemoryError can leave a thread
# of the server dead and the node serving without it
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/lealup/lealup.jar"]
