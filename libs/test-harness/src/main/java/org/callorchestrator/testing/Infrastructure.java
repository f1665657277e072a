package org.callorchestrator.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.callorchestrator.testing.internal.ApicurioRegistryServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One real Kafka broker (embedded KRaft, from spring-kafka-test) and one real Apicurio
 * Registry (a separate process running the prebuilt server Maven fetched) per test JVM,
 * started lazily by the first caller of {@link #get()} and stopped when the JVM exits.
 *
 * <p>
 * Tests isolate themselves by topic ({@link #createTopic(String, int)}) rather than by
 * restarting anything. The instance is thread-safe.
 */
public final class Infrastructure {

	private static final Logger log = LoggerFactory.getLogger(Infrastructure.class);

	private static volatile Infrastructure instance;

	private final EmbeddedKafkaKraftBroker broker;

	private final ApicurioRegistryServer registry;

	private final Admin admin;

	private Infrastructure(EmbeddedKafkaKraftBroker broker, ApicurioRegistryServer registry) {
		this.broker = broker;
		this.registry = registry;
		this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
	}

	/** The shared infrastructure, started on first use. */
	public static Infrastructure get() {
		Infrastructure current = instance;
		if (current == null) {
			synchronized (Infrastructure.class) {
				current = instance;
				if (current == null) {
					current = start();
					instance = current;
				}
			}
		}
		return current;
	}

	private static Infrastructure start() {
		long started = System.nanoTime();
		ApicurioRegistryServer registry = ApicurioRegistryServer.fromSystemProperties();
		registry.startAsync();
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		broker.brokerProperties(Map.of("transaction.state.log.replication.factor", "1", "transaction.state.log.min.isr",
				"1", "offsets.topic.replication.factor", "1", "group.initial.rebalance.delay.ms", "0",
				"log.cleaner.dedupe.buffer.size", "16777216", "auto.create.topics.enable", "true"));
		broker.afterPropertiesSet();
		registry.awaitReady(Duration.ofSeconds(90));
		Infrastructure infrastructure = new Infrastructure(broker, registry);
		Runtime.getRuntime().addShutdownHook(new Thread(infrastructure::stop, "infrastructure-stop"));
		log.info("Kafka {} and Apicurio Registry {} ready in {} ms", broker.getBrokersAsString(), registry.describe(),
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
		return infrastructure;
	}

	/** Kafka {@code bootstrap.servers} of the embedded broker. */
	public String bootstrapServers() {
		return this.broker.getBrokersAsString();
	}

	/**
	 * Confluent-compatible registry base URL, e.g.
	 * {@code http://127.0.0.1:PORT/apis/ccompat/v7}.
	 */
	public String schemaRegistryUrl() {
		return this.registry.confluentCompatibleUrl();
	}

	/**
	 * Registry root URL, e.g. {@code http://127.0.0.1:PORT}, for Apicurio's native API.
	 */
	public String registryBaseUrl() {
		return this.registry.baseUrl();
	}

	/** 3 when Apicurio Registry 3.x runs (a Java 21+ JDK was found), else 2. */
	public int registryMajorVersion() {
		return this.registry.majorVersion();
	}

	/**
	 * Creates a topic with a unique name starting with {@code prefix}, waits until it
	 * exists, returns its name.
	 */
	public String createTopic(String prefix, int partitions) {
		String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
		createTopics(List.of(new NewTopic(name, partitions, (short) 1)));
		return name;
	}

	/** Creates {@code name} unless it exists (shared topics such as the contract's). */
	public void createTopicIfAbsent(String name, int partitions) {
		try {
			if (!this.admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(name)) {
				createTopics(List.of(new NewTopic(name, partitions, (short) 1)));
			}
		}
		catch (IllegalStateException ex) {
			if (!(ex.getCause() instanceof ExecutionException cause
					&& cause.getCause() instanceof TopicExistsException)) {
				throw ex;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not list topics", ex);
		}
	}

	/**
	 * Creates the given topics (with their configs), ignoring none: a clash is a test
	 * bug.
	 */
	public void createTopics(List<NewTopic> topics) {
		try {
			this.admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not create topics " + topics, ex);
		}
	}

	/** An admin client on the broker, shared; do not close it. */
	public Admin admin() {
		return this.admin;
	}

	private void stop() {
		try {
			this.admin.close(Duration.ofSeconds(2));
		}
		finally {
			try {
				this.broker.destroy();
			}
			finally {
				this.registry.stop();
			}
		}
	}

}
