# One image recipe for every service of docker-compose.yml (build context: the repository root, after
# `./mvnw -B -DskipTests package`): the service's Spring Boot exec jar on a Java 17 JRE, run as a non-root user.
FROM eclipse-temurin:17-jre
ARG SERVICE
WORKDIR /app
COPY services/${SERVICE}/target/${SERVICE}-0.1.0-SNAPSHOT-exec.jar app.jar
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70"
USER 1000
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
