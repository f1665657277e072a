package org.callorchestrator.localstack;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.callorchestrator.sandbox.VobizSandbox;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.testing.internal.ApicurioRegistryServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a KRaft broker (a separate process from Apache Kafka's jars), the schema
 * registry, the Vobiz sandbox, the call worker, the webhook ingress, the log poller and
 * call-state, creates the contract's topics, prints the endpoints and runs until Ctrl-C.
 * Ports come from system properties {@code kafka.port} (9092, controller 9093),
 * {@code registry.port} (8081), {@code sandbox.port} (8090), {@code worker.port} (8082),
 * {@code ingress.port} (8083), {@code poller.port} (8084) and {@code state.port} (8085).
 * {@code services} (default {@code worker,ingress,poller,state}) chooses which of the
 * four services start in this JVM; broker, registry, topics and sandbox always do
 * (benchmarks run a service on its own), unless {@code kafka.only=true}: then only the
 * broker and the topics. {@code kafka.nodes} (1) starts that many broker nodes instead
 * ({@link KafkaCluster}: node i on {@code kafka.port + 2(i-1)}); with three or more,
 * every topic has 3 replicas and {@code min.insync.replicas=2}, and the services are told
 * to create theirs so. {@code kafka.heap} (512m) and {@code kafka.jvm} (extra options,
 * e.g. {@code -XX:TieredStopAtLevel=1}) apply to each node.
 */
public final class LocalStack {

	private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

	private LocalStack() {
	}

	public static void main(String[] args) throws Exception {
		int registryPort = Integer.getInteger("registry.port", 8081);
		boolean kafkaOnly = Boolean.getBoolean("kafka.only");
		long started = System.nanoTime();

		ApicurioRegistryServer registry = kafkaOnly ? null
				: ApicurioRegistryServer.fromSystemProperties(registryPort, 0);
		if (registry != null) {
			registry.startAsync();
		}
		KafkaCluster kafka = KafkaCluster.fromSystemProperties();
		VobizSandbox sandbox = null;
		Services apps = null;
		Services.Ports ports = new Services.Ports(System.getProperty("worker.port", "8082"),
				System.getProperty("ingress.port", "8083"), System.getProperty("poller.port", "8084"),
				System.getProperty("state.port", "8085"));
		try {
			kafka.start(Duration.ofSeconds(90));
			createTopics(kafka.bootstrapServers(), kafka.size());
			if (!kafkaOnly) {
				registry.awaitReady(Duration.ofSeconds(90));
				int sandboxPort = Integer.getInteger("sandbox.port", 8090);
				sandbox = VobizSandbox.start(Map.of("server.port", Integer.toString(sandboxPort)));
				Set<String> services = Set.of(System.getProperty("services", "worker,ingress,poller,state").split(","));
				apps = Services.start(services, kafka.bootstrapServers(), registry.confluentCompatibleUrl(),
						sandbox.baseUrl(), ports, kafka.replicationFactor());
			}
		}
		catch (Exception | Error ex) {
			// a port in use, a service that fails: never leave the broker and registry
			// processes behind
			log.error("The local stack could not start; stopping the broker and the registry", ex);
			kafka.stop();
			if (registry != null) {
				registry.stop();
			}
			System.exit(1);
			return;
		}

		CountDownLatch stopped = new CountDownLatch(1);
		VobizSandbox startedSandbox = sandbox;
		Services startedApps = apps;
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			log.info("Stopping the local stack");
			if (startedApps != null) {
				startedApps.close();
			}
			if (startedSandbox != null) {
				startedSandbox.close();
			}
			kafka.stop();
			if (registry != null) {
				registry.stop();
			}
			stopped.countDown();
		}, "local-stack-stop"));

		if (kafkaOnly) {
			log.info("""

					call-orchestrator local stack ready in {} ms (kafka.only: the broker nodes and the topics)
					  Kafka bootstrap servers : {} ({} nodes, topics with {} replicas, min.insync.replicas {})
					  Topics : {}
					Press Ctrl-C to stop.""", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
					kafka.bootstrapServers(), kafka.size(), kafka.replicationFactor(), kafka.minInSyncReplicas(),
					String.join(", ", topicNames()));
			stopped.await();
			return;
		}

		log.info(
				"""

						call-orchestrator local stack ready in {} ms
						  Kafka bootstrap servers : {}
						  Schema registry (Confluent API) : {} (compatibility {})
						  Topics : {}
						  Vobiz sandbox : {} (admin {})
						  Call worker : http://127.0.0.1:{}/actuator/health , /actuator/prometheus
						  Webhook ingress : http://127.0.0.1:{}/webhooks/vobiz (secret {}), subscribed with the sandbox
						  Log poller : http://127.0.0.1:{}/actuator/prometheus (call.logs)
						  Call state : http://127.0.0.1:{}/calls/<call_id> (call.events, call.state)
						Try it (another terminal) : bin/try-it demo | bin/try-it call --to +14155550123 | bin/try-it watch --logs | bin/try-it inbound
						Press Ctrl-C to stop.""",
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), kafka.bootstrapServers(),
				registry.confluentCompatibleUrl(), ApicurioRegistryServer.GLOBAL_COMPATIBILITY,
				String.join(", ", topicNames()), sandbox.baseUrl(), sandbox.adminUrl(), ports.worker(), ports.ingress(),
				Services.WEBHOOK_SECRET, ports.poller(), ports.state());
		stopped.await();
	}

	static List<NewTopic> topics() {
		return topics(1);
	}

	/**
	 * The contract's topics for a cluster of {@code nodes}: from three nodes on with 3
	 * replicas and {@code min.insync.replicas=2}.
	 */
	static List<NewTopic> topics(int nodes) {
		short replicas = KafkaCluster.replicationFactor(nodes);
		Map<String, String> minIsr = Map.of("min.insync.replicas",
				Integer.toString(KafkaCluster.minInSyncReplicas(nodes)));
		Map<String, String> compacted = new HashMap<>(minIsr);
		compacted.put("cleanup.policy", "compact");
		return List.of(new NewTopic(Topics.CALL_INITIATE, 12, replicas).configs(minIsr),
				new NewTopic(Topics.CALL_ACTION, 12, replicas).configs(minIsr),
				new NewTopic(Topics.CALL_COMMAND_RESULTS, 12, replicas).configs(minIsr),
				new NewTopic(Topics.WEBHOOK_OBSERVATIONS, 12, replicas).configs(minIsr),
				new NewTopic(Topics.CALL_EVENTS, 12, replicas).configs(minIsr),
				new NewTopic(Topics.CALL_LOGS, 12, replicas).configs(compacted),
				new NewTopic(Topics.CALL_STATE, 12, replicas).configs(compacted),
				new NewTopic(Topics.CALL_INITIATE_DLT, 12, replicas).configs(minIsr),
				new NewTopic(Topics.CALL_ACTION_DLT, 12, replicas).configs(minIsr),
				new NewTopic(Topics.REPLAY_AUDIT, 1, replicas).configs(minIsr));
	}

	static List<String> topicNames() {
		return topics().stream().map(NewTopic::name).toList();
	}

	private static void createTopics(String bootstrapServers, int nodes) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			admin.createTopics(topics(nodes)).all().get(30, TimeUnit.SECONDS);
		}
	}

}
