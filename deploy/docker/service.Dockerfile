# One image recipe for every service of docker-compose.yml (build context: the repository root, after
# `./mvnw -B -DskipTests package`): the service's Spring Boot exec jar on a Java 21 JRE, run as a non-root user.
# Started the way Spring Boot recommends for a fast start (a worker joining under load takes work sooner): extracted,
# with a class-data archive from a training run (-Dspring.context.exit=onRefresh: the context refreshes, the JVM exits
# and writes the archive). The training run has no broker: it is told not to create topics, and a service whose refresh
# waits for the broker (the ingress's delivery view) ends with an error after its timeout, its archive written all the
# same with what it loaded. Measured with the reliability suite's same steps (tools/worker-bench ClassDataSharing):
# the call worker's context refreshes in 2.3 s instead of 4.1 s. A missing archive only means a slower start.
# The jar is found by a glob, so the version lives in the poms only (one jar per service: ./mvnw clean after a bump).
FROM eclipse-temurin:21-jre
ARG SERVICE
WORKDIR /app
COPY services/${SERVICE}/target/${SERVICE}-*-exec.jar /tmp/app.jar
RUN java -Djarmode=tools -jar /tmp/app.jar extract --destination /app \
 && rm /tmp/app.jar && mv /app/${SERVICE}-*-exec.jar /app/app.jar \
 && (timeout 120 java -XX:ArchiveClassesAtExit=/app/app.jsa -Dspring.context.exit=onRefresh -jar /app/app.jar \
      --spring.kafka.bootstrap-servers=127.0.0.1:1 --spring.kafka.admin.auto-create=false \
      --spring.kafka.streams.state-dir=/tmp/training-state \
      --worker.vobiz.base-url=http://127.0.0.1:1 --worker.vobiz.auth-id=training --worker.vobiz.auth-token=training \
      --poller.vobiz.base-url=http://127.0.0.1:1 --poller.vobiz.auth-id=training --poller.vobiz.auth-token=training \
      --ingress.secrets=training > /tmp/training.log 2>&1 || (tail -3 /tmp/training.log; echo "the training run ended with an error")) \
 && rm -rf /tmp/training-state /tmp/training.log
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70"
USER 1000
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/app.jsa", "-jar", "/app/app.jar"]
