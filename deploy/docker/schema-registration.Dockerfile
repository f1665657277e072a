# The image of the schema-registration deploy step (deploy/k8s/schema-registration.yaml), built from the repository
# root after `./mvnw -B -DskipTests package`:
#   docker build -f deploy/docker/schema-registration.Dockerfile -t ghcr.io/call-orchestrator/schema-registration:0.1.0 .
# A short-lived CLI: no class-data archive (it runs once per deploy, in a second or two).
FROM eclipse-temurin:21-jre
WORKDIR /app
COPY tools/schema-registration/target/schema-registration-exec.jar /app/schema-registration.jar
USER 1000
ENTRYPOINT ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", "/app/schema-registration.jar"]
