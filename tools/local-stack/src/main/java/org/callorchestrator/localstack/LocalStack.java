package org.callorchestrator.localstack;

import java.nio.file.Path;
import java.time.Duration;
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
 * Starts a single-node KRaft broker (a separate process from Apache Kafka's jars), the schema registry, the Vobiz
 * sandbox, the call worker, the webhook ingress, the log poller and call-state, creates the contract's topics, prints
 * the endpoints and runs until Ctrl-C. Ports come from system properties {@code kafka.port} (9092, controller 9093),
 * {@code registry.port} (8081), {@code sandbox.port} (8090), {@code worker.port} (8082), {@code ingress.port} (8083),
 * {@code poller.port} (8084) and {@code state.port} (8085). {@code services} (default
 * {@code worker,ingress,poller,state}) chooses which of the four services start in this JVM; broker, registry, topics
 * and sandbox always do (benchmarks run a service on its own).
 */
public final class LocalStack {

	private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

	private LocalStack() {
	}

	public static void main(String[] args) throws Exception {
		int kafkaPort = Integer.getInteger("kafka.port", 9092);
		int registryPort = Integer.getInteger("registry.port", 8081);
		long started = System.nanoTime();

		ApicurioRegistryServer registry = ApicurioRegistryServer.fromSystemProperties(registryPort, 0);
		registry.startAsync();
		KafkaBrokerProcess broker = new KafkaBrokerProcess(
				Path.of(System.getProperty("kafka.libs", "tools/kafka-server/target/lib")), kafkaPort);
		VobizSandbox sandbox;
		Services apps;
		Services.Ports ports = new Services.Ports(System.getProperty("worker.port", "8082"),
				System.getProperty("ingress.port", "8083"), System.getProperty("poller.port", "8084"),
				System.getProperty("state.port", "8085"));
		try {
			broker.start(Duration.ofSeconds(60));
			registry.awaitReady(Duration.ofSeconds(90));
			createTopics(broker.bootstrapServers());
			int sandboxPort = Integer.getInteger("sandbox.port", 8090);
			sandbox = VobizSandbox.start(Map.of("server.port", Integer.toString(sandboxPort)));
			Set<String> services = Set.of(System.getProperty("services", "worker,ingress,poller,state").split(","));
			apps = Services.start(services, broker.bootstrapServers(), registry.confluentCompatibleUrl(),
					sandbox.baseUrl(), ports);
		}
		catch (Exception | Error ex) {
			// a port in use, a service that fails: never leave the broker and registry processes behind
			log.error("The local stack could not start; stopping the broker and the registry", ex);
			broker.stop();
			registry.stop();
			System.exit(1);
			return;
		}

		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			log.info("Stopping the local stack");
			apps.close();
			sandbox.close();
			broker.stop();
			registry.stop();
			stopped.countDown();
		}, "local-stack-stop"));

		log.info("""

				call-orchestrator local stack ready in {} ms
				  Kafka bootstrap servers : {}
				  Schema registry (Confluent API) : {}
				  Topics : {}
				  Vobiz sandbox : {} (admin {})
				  Call worker : http://127.0.0.1:{}/actuator/health , /actuator/prometheus
				  Webhook ingress : http://127.0.0.1:{}/webhooks/vobiz (secret {}), subscribed with the sandbox
				  Log poller : http://127.0.0.1:{}/actuator/prometheus (call.logs)
				  Call state : http://127.0.0.1:{}/calls/<call_id> (call.events, call.state)
				Try it (another terminal) : bin/try-it demo | bin/try-it call --to +14155550123 | bin/try-it watch --logs | bin/try-it inbound
				Press Ctrl-C to stop.""", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
				broker.bootstrapServers(), registry.confluentCompatibleUrl(), String.join(", ", topicNames()),
				sandbox.baseUrl(), sandbox.adminUrl(), ports.worker(), ports.ingress(), Services.WEBHOOK_SECRET,
				ports.poller(), ports.state());
		stopped.await();
	}

	static List<NewTopic> topics() {
		return List.of(new NewTopic(Topics.CALL_INITIATE, 12, (short) 1),
				new NewTopic(Topics.CALL_ACTION, 12, (short) 1), new NewTopic(Topics.CALL_COMMAND_RESULTS, 12, (short) 1),
				new NewTopic(Topics.WEBHOOK_OBSERVATIONS, 12, (short) 1), new NewTopic(Topics.CALL_EVENTS, 12, (short) 1),
				new NewTopic(Topics.CALL_LOGS, 12, (short) 1).configs(Map.of("cleanup.policy", "compact")),
				new NewTopic(Topics.CALL_STATE, 12, (short) 1).configs(Map.of("cleanup.policy", "compact")),
				new NewTopic(Topics.CALL_INITIATE_DLT, 12, (short) 1),
				new NewTopic(Topics.CALL_ACTION_DLT, 12, (short) 1), new NewTopic(Topics.REPLAY_AUDIT, 1, (short) 1));
	}

	static List<String> topicNames() {
		return topics().stream().map(NewTopic::name).toList();
	}

	private static void createTopics(String bootstrapServers) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			admin.createTopics(topics()).all().get(30, TimeUnit.SECONDS);
		}
	}

}
