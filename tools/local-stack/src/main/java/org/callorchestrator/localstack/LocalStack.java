package org.callorchestrator.localstack;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.testing.internal.ApicurioRegistryServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Starts a single-node KRaft broker and the schema registry on fixed, documented ports, creates the contract's topics,
 * prints the endpoints and runs until Ctrl-C. Ports come from system properties {@code kafka.port} (9092) and
 * {@code registry.port} (8081).
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
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		broker.kafkaPorts(kafkaPort);
		broker.brokerProperties(Map.of("transaction.state.log.replication.factor", "1",
				"transaction.state.log.min.isr", "1", "offsets.topic.replication.factor", "1",
				"group.initial.rebalance.delay.ms", "0", "log.cleaner.dedupe.buffer.size", "16777216",
				"auto.create.topics.enable", "false"));
		broker.afterPropertiesSet();
		registry.awaitReady(Duration.ofSeconds(90));
		createTopics(broker.getBrokersAsString());

		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			log.info("Stopping the local stack");
			broker.destroy();
			registry.stop();
			stopped.countDown();
		}, "local-stack-stop"));

		log.info("""

				call-orchestrator local stack ready in {} ms
				  Kafka bootstrap servers : {}
				  Schema registry (Confluent API) : {}
				  Topics : {}
				Press Ctrl-C to stop.""", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
				broker.getBrokersAsString(), registry.confluentCompatibleUrl(), String.join(", ", topicNames()));
		stopped.await();
	}

	static List<NewTopic> topics() {
		return List.of(new NewTopic(Topics.CALL_INITIATE, 12, (short) 1),
				new NewTopic(Topics.CALL_ACTION, 12, (short) 1), new NewTopic(Topics.CALL_EVENTS, 12, (short) 1),
				new NewTopic(Topics.CALL_LOGS, 12, (short) 1).configs(Map.of("cleanup.policy", "compact")),
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
