# The decidr platform image: one image for the api, worker and projector roles (helm/decidr picks the role).
#
# Build the jar first, then the image (helm/README.md, "The image"):
#   ./mvnw -B -pl platform-api -am package -DskipTests
#   docker build -t decidr/platform-api:0.1.0 .
#
# The jar is Spring Boot's executable jar (platform-api/target/platform-api-exec.jar). It is split into its layers,
# least to most often changed, so that a new build of the application changes only the last layers of the image.

FROM eclipse-temurin:21-jre AS extract
WORKDIR /build
COPY platform-api/target/platform-api-exec.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:21-jre
# the user the chart runs as (runAsUser/runAsGroup 10001); it owns nothing in the image
RUN groupadd --system --gid 10001 decidr \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin decidr
WORKDIR /app
COPY --from=extract /build/extracted/dependencies/ ./
COPY --from=extract /build/extracted/spring-boot-loader/ ./
COPY --from=extract /build/extracted/snapshot-dependencies/ ./
COPY --from=extract /build/extracted/application/ ./
USER 10001:10001
# 8080: the API (GraphQL over HTTP and graphql-ws); 8081: management (health probes, metrics)
EXPOSE 8080 8081
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
