package org.callorchestrator.tryit;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.callorchestrator.ingress.WebhookIngressApplication;
import org.callorchestrator.poller.LogPollerApplication;
import org.callorchestrator.sandbox.VobizSandbox;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.state.CallStateApplication;
import org.callorchestrator.testing.Infrastructure;
import org.callorchestrator.worker.CallWorkerApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.util.TestSocketUtils;
import org.springframework.util.FileSystemUtils;

/**
 * What {@code bin/local-stack} runs, started as it starts them, on the test broker and
 * registry: the Vobiz sandbox, the call worker, the webhook ingress (subscribed with the
 * sandbox), the log poller and call-state (its stores in a temporary folder, its HTTP API
 * on {@link #stateUrl()}); ready once call-state is.
 */
final class RunningServices implements AutoCloseable {

	final VobizSandbox sandbox;

	private final ConfigurableApplicationContext worker;

	private final ConfigurableApplicationContext ingress;

	private final ConfigurableApplicationContext poller;

	private final ConfigurableApplicationContext state;

	private final Path stateDir;

	private final int statePort;

	RunningServices(Infrastructure infra) {
		for (String topic : new String[] { Topics.CALL_COMMAND_RESULTS, Topics.WEBHOOK_OBSERVATIONS, Topics.CALL_EVENTS,
				Topics.CALL_LOGS, Topics.CALL_STATE }) {
			infra.createTopicIfAbsent(topic, 3);
		}
		String kafka = "--spring.kafka.bootstrap-servers=" + infra.bootstrapServers();
		String registry = "--spring.kafka.properties.schema.registry.url=" + infra.schemaRegistryUrl();
		this.sandbox = VobizSandbox.start(Map.of("sandbox.timing.talk-duration", "5m"));
		this.worker = new SpringApplicationBuilder(CallWorkerApplication.class).run(kafka, registry,
				"--worker.vobiz.base-url=" + this.sandbox.baseUrl(), "--worker.vobiz.auth-id=MA_XXXXXXXX",
				"--worker.vobiz.auth-token=sandbox-token", "--worker.topics.partitions=3", "--server.port=0",
				"--spring.main.banner-mode=off");
		int ingressPort = TestSocketUtils.findAvailableTcpPort();
		this.ingress = new SpringApplicationBuilder(WebhookIngressApplication.class)
			.properties("spring.config.name=" + WebhookIngressApplication.CONFIG_NAME)
			.run(kafka, registry, "--ingress.secrets=try-it-secret",
					"--ingress.vobiz.base-url=" + this.sandbox.baseUrl(), "--ingress.vobiz.auth-id=MA_XXXXXXXX",
					"--ingress.vobiz.auth-token=sandbox-token", "--ingress.registration.enabled=true",
					"--ingress.registration.url=http://127.0.0.1:" + ingressPort + "/webhooks/vobiz",
					"--ingress.topics.partitions=3", "--ingress.mapping.lookup-interval=200ms",
					"--server.port=" + ingressPort, "--spring.main.banner-mode=off");
		this.poller = new SpringApplicationBuilder(LogPollerApplication.class)
			.properties("spring.config.name=" + LogPollerApplication.CONFIG_NAME)
			.run(kafka, registry, "--poller.vobiz.base-url=" + this.sandbox.baseUrl(),
					"--poller.vobiz.auth-id=MA_XXXXXXXX", "--poller.vobiz.auth-token=sandbox-token",
					"--poller.idle-interval=300ms", "--poller.topics.partitions=3", "--server.port=0",
					"--spring.main.banner-mode=off");
		this.stateDir = temporaryFolder();
		this.statePort = TestSocketUtils.findAvailableTcpPort();
		this.state = new SpringApplicationBuilder(CallStateApplication.class)
			.properties("spring.config.name=" + CallStateApplication.CONFIG_NAME)
			.run(kafka, registry, "--spring.kafka.streams.state-dir=" + this.stateDir, "--state.topics.partitions=3",
					"--server.port=" + this.statePort, "--spring.main.banner-mode=off");
		samePartitionCount(infra, Topics.CALL_COMMAND_RESULTS, Topics.WEBHOOK_OBSERVATIONS, Topics.CALL_LOGS);
		HttpClient http = HttpClient.newHttpClient();
		HttpRequest readiness = HttpRequest.newBuilder(URI.create(stateUrl() + "/actuator/health/readiness")).build();
		await().atMost(Duration.ofSeconds(90))
			.ignoreExceptions()
			.until(() -> http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
	}

	/**
	 * call-state merges its inputs by call_id: with different partition counts (a
	 * service's topic creation grew one, as the poller's default of 12 would) one call's
	 * records land in different tasks, each with its own state, and every status is
	 * published once per task.
	 */
	private static void samePartitionCount(Infrastructure infra, String... topics) {
		try {
			Map<String, Integer> counts = new TreeMap<>();
			infra.admin()
				.describeTopics(List.of(topics))
				.allTopicNames()
				.get(30, TimeUnit.SECONDS)
				.forEach((name, description) -> counts.put(name, description.partitions().size()));
			if (new HashSet<>(counts.values()).size() != 1) {
				throw new IllegalStateException("call-state's inputs must have one partition count: " + counts);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not describe " + List.of(topics), ex);
		}
	}

	/** call-state's HTTP API, as {@code --state-url} takes it. */
	String stateUrl() {
		return "http://127.0.0.1:" + this.statePort;
	}

	/** The sandbox's view of a call, as JSON (admin API). */
	String sandboxCall(String callId) {
		return this.sandbox.admin("GET", "/calls/" + callId, null);
	}

	private static Path temporaryFolder() {
		try {
			return Files.createTempDirectory("try-it-call-state");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		try {
			this.state.close();
			this.poller.close();
			this.ingress.close();
			this.worker.close();
			this.sandbox.close();
		}
		finally {
			FileSystemUtils.deleteRecursively(this.stateDir.toFile());
		}
	}

}
