package org.callorchestrator.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.callorchestrator.replay.DltReplay;
import org.callorchestrator.sandbox.VobizSandbox;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CallStatus;
import org.callorchestrator.schema.CommandResult;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.serde.RegistryAuthenticationException;
import org.callorchestrator.serde.SchemaRegistryAvroDeserializer;
import org.callorchestrator.testing.TestCommands;
import org.callorchestrator.testing.internal.ApicurioRegistryServer;
import org.callorchestrator.tryit.TryIt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.util.TestSocketUtils;
import org.springframework.util.FileSystemUtils;
import picocli.CommandLine;

/**
 * The services and the ops tool against a broker that accepts only SASL_SSL with
 * SCRAM-SHA-512 (its certificate made here) and a registry behind HTTP basic auth,
 * configured only through standard names: {@code spring.kafka.security.protocol},
 * {@code spring.kafka.ssl.trust-store-*}, {@code spring.kafka.properties.sasl.*} and
 * Confluent's {@code basic.auth.*} for the services, a Kafka {@code --command-config}
 * file for try-it and the replay tool. Wrong credentials stop a service at start with one
 * error that says which credentials, instead of a retry loop.
 */
class SecuredKafkaAndRegistryIT {

	static final String KAFKA_USER = "call-orchestrator";

	static final String KAFKA_PASSWORD = "kafka-s3cret";

	static final String REGISTRY_USER = "registry-client";

	static final String REGISTRY_PASSWORD = "registry-s3cret";

	static Path dir;

	static TlsMaterial tls;

	static SecuredKafka kafka;

	static ApicurioRegistryServer registry;

	static VobizSandbox sandbox;

	static final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void start() throws Exception {
		dir = Files.createTempDirectory("secured-kafka");
		registry = ApicurioRegistryServer.fromSystemProperties().requireBasicAuth(REGISTRY_USER, REGISTRY_PASSWORD);
		registry.startAsync();
		tls = TlsMaterial.selfSigned(dir, "tls-s3cret");
		kafka = new SecuredKafka(Path.of("../../tools/kafka-server/target/lib"), freePorts(3), tls, KAFKA_USER,
				KAFKA_PASSWORD);
		kafka.start(Duration.ofSeconds(60));
		try (Admin admin = Admin.create(new HashMap<>(client(KAFKA_PASSWORD, REGISTRY_PASSWORD)))) {
			admin.createTopics(LocalStack.topics()).all().get(60, TimeUnit.SECONDS);
		}
		registry.awaitReady(Duration.ofSeconds(90));
		sandbox = VobizSandbox.start(Map.of("sandbox.timing.talk-duration", "5m"));
	}

	@AfterAll
	static void stop() {
		if (sandbox != null) {
			sandbox.close();
		}
		if (kafka != null) {
			kafka.close();
		}
		if (registry != null) {
			registry.stop();
		}
		FileSystemUtils.deleteRecursively(dir.toFile());
	}

	@Test
	void aCommandPlacedWithTryItGoesThroughTheWorkerAndCallStateOverSaslSslWithTheRegistryBehindBasicAuth()
			throws Exception {
		int worker = TestSocketUtils.findAvailableTcpPort();
		// the worker and call-state (Kafka Streams, exactly-once): the command's path;
		// the ingress and the poller
		// build their clients from the same factories (9 s more to start them here)
		Services services = services(Set.of("worker", "state"), new Services.Ports(Integer.toString(worker), "0", "0",
				Integer.toString(TestSocketUtils.findAvailableTcpPort())), KAFKA_PASSWORD, REGISTRY_PASSWORD);
		try {
			await().atMost(Duration.ofSeconds(60)).until(() -> ready(worker));

			Run placed = tool(TryIt.commandLine(), "call", "--to", "+14155550123", "--channel", TestCommands.CHANNEL_ID,
					"--command-config", commandConfig("try-it.properties", KAFKA_PASSWORD).toString());

			assertThat(placed.exitCode()).as(placed.err()).isZero();
			String commandId = placed.out().strip();
			ConsumerRecord<String, Object> result = awaitRecord(Topics.CALL_COMMAND_RESULTS,
					r -> r.value() instanceof CommandResult c && c.getCommandId().equals(commandId));
			CommandResult outcome = (CommandResult) result.value();
			assertThat(outcome.getSucceeded()).isTrue();
			assertThat(outcome.getStatus()).isEqualTo(CallStatus.INITIATED);
			ConsumerRecord<String, Object> transition = awaitRecord(Topics.CALL_EVENTS,
					r -> r.value() instanceof CallEvent e && e.getCallId().equals(outcome.getCallId()));
			assertThat(((CallEvent) transition.value()).getStatus()).as("call-state's first transition of the call")
				.isEqualTo(CallStatus.INITIATED);
		}
		finally {
			services.close();
		}
	}

	@Test
	void aWorkerWithAWrongKafkaPasswordStopsAtStartSayingTheBrokerRefusedItsScramCredentials() {
		Set<Thread> before = clientThreads();
		long started = System.nanoTime();

		assertThatThrownBy(() -> services(Set.of("worker"), workerOnly(), "wrong-password", REGISTRY_PASSWORD))
			.rootCause()
			.isInstanceOf(SaslAuthenticationException.class)
			.hasMessageContaining("invalid credentials with SASL mechanism SCRAM-SHA-512");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("refused once, not retried until a timeout")
			.isLessThan(Duration.ofSeconds(30));
		awaitNoClientLeftFrom(before);
	}

	@Test
	void callStateWithAWrongKafkaPasswordStopsAtStartSayingTheBrokerRefusedItsScramCredentials() {
		Set<Thread> before = clientThreads();

		assertThatThrownBy(() -> services(Set.of("state"),
				new Services.Ports("0", "0", "0", Integer.toString(TestSocketUtils.findAvailableTcpPort())),
				"wrong-password", REGISTRY_PASSWORD))
			.rootCause()
			.isInstanceOf(SaslAuthenticationException.class)
			.hasMessageContaining("invalid credentials with SASL mechanism SCRAM-SHA-512");
		awaitNoClientLeftFrom(before);
	}

	@Test
	void aWorkerWithAWrongRegistryPasswordStopsAtStartNamingTheRegistryButNotThePassword() {
		Set<Thread> before = clientThreads();

		assertThatThrownBy(() -> services(Set.of("worker"), workerOnly(), KAFKA_PASSWORD, "wrong-password")).rootCause()
			.isInstanceOf(RegistryAuthenticationException.class)
			.hasMessageContaining(registry.confluentCompatibleUrl())
			.hasMessageContaining("401")
			.hasMessageContaining("user '" + REGISTRY_USER + "'")
			.hasMessageNotContaining("wrong-password");
		awaitNoClientLeftFrom(before);
	}

	@Test
	void theReplayToolReadsTheDeadLettersWithACommandConfigAndSaysInOneLineWhenItsPasswordIsWrong() throws Exception {
		Path right = commandConfig("right.properties", KAFKA_PASSWORD);
		Path wrong = commandConfig("wrong.properties", "wrong-password");

		Run listed = replayTool("list", "--counts-only", "--command-config", right.toString());
		Run refused = replayTool("list", "--counts-only", "--command-config", wrong.toString());

		assertThat(listed.exitCode()).as(listed.err()).isZero();
		assertThat(listed.out()).contains("total 0");
		assertThat(refused.exitCode()).isEqualTo(1);
		assertThat(refused.err().strip()).doesNotContain("\n")
			.contains("invalid credentials with SASL mechanism SCRAM-SHA-512")
			.doesNotContain("wrong-password");
	}

	// ---- the settings, under their standard names

	/** The Kafka client and serde properties, as a tool's command config holds them. */
	static Map<String, Object> client(String kafkaPassword, String registryPassword) {
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("bootstrap.servers", kafka.bootstrapServers());
		config.put("security.protocol", "SASL_SSL");
		config.put("sasl.mechanism", SecuredKafka.MECHANISM);
		config.put("sasl.jaas.config", jaas(kafkaPassword));
		config.put("ssl.truststore.type", "PKCS12");
		config.put("ssl.truststore.location", tls.trustStore().toString());
		config.put("ssl.truststore.password", tls.password());
		config.put("schema.registry.url", registry.confluentCompatibleUrl());
		config.put("basic.auth.credentials.source", "USER_INFO");
		config.put("basic.auth.user.info", REGISTRY_USER + ":" + registryPassword);
		return config;
	}

	/** The same, as a service's {@code spring.kafka.*} settings. */
	static List<String> springKafka(String kafkaPassword, String registryPassword) {
		return List.of("--spring.kafka.security.protocol=SASL_SSL", "--spring.kafka.ssl.trust-store-type=PKCS12",
				"--spring.kafka.ssl.trust-store-location=file:" + tls.trustStore(),
				"--spring.kafka.ssl.trust-store-password=" + tls.password(),
				"--spring.kafka.properties.sasl.mechanism=" + SecuredKafka.MECHANISM,
				"--spring.kafka.properties.sasl.jaas.config=" + jaas(kafkaPassword),
				"--spring.kafka.properties.basic.auth.credentials.source=USER_INFO",
				"--spring.kafka.properties.basic.auth.user.info=" + REGISTRY_USER + ":" + registryPassword,
				"--worker.topics.partitions=3");
	}

	static String jaas(String password) {
		return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + KAFKA_USER
				+ "\" password=\"" + password + "\";";
	}

	static Services services(Set<String> which, Services.Ports ports, String kafkaPassword, String registryPassword) {
		return Services.start(which, kafka.bootstrapServers(), registry.confluentCompatibleUrl(), sandbox.baseUrl(),
				ports, (short) 1, springKafka(kafkaPassword, registryPassword));
	}

	static Services.Ports workerOnly() {
		return new Services.Ports("0", "0", "0", "0");
	}

	static Path commandConfig(String name, String kafkaPassword) throws IOException {
		Properties properties = new Properties();
		client(kafkaPassword, REGISTRY_PASSWORD).forEach((key, value) -> properties.setProperty(key, value.toString()));
		properties.remove("bootstrap.servers");
		Path file = dir.resolve(name);
		try (Writer writer = Files.newBufferedWriter(file)) {
			properties.store(writer, "SecuredKafkaAndRegistryIT");
		}
		return file;
	}

	// ---- driving it

	/**
	 * The threads of Kafka clients (network, admin, heartbeat) and of the services'
	 * reading loops alive now.
	 */
	static Set<Thread> clientThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(t -> t.getName().startsWith("kafka-") || t.getName().startsWith("view-")
					|| t.getName().equals("call-log-index"))
			.collect(Collectors.toSet());
	}

	/**
	 * A service that failed to start leaves no client behind reconnecting with the
	 * refused credentials for as long as the JVM lives (a retry loop in all but name).
	 */
	static void awaitNoClientLeftFrom(Set<Thread> before) {
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(
					() -> assertThat(clientThreads()).as("client threads left by the failed start").isSubsetOf(before));
	}

	static boolean ready(int port) {
		try {
			return http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
					.build(), HttpResponse.BodyHandlers.discarding())
				.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * The first record of {@code topic} that {@code matching} accepts, read from the
	 * start.
	 */
	static ConsumerRecord<String, Object> awaitRecord(String topic,
			Predicate<ConsumerRecord<String, Object>> matching) {
		Map<String, Object> config = new HashMap<>(client(KAFKA_PASSWORD, REGISTRY_PASSWORD));
		config.put("specific.avro.reader", "true");
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		SchemaRegistryAvroDeserializer deserializer = new SchemaRegistryAvroDeserializer();
		deserializer.configure(config, false);
		try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				deserializer)) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map(p -> new TopicPartition(topic, p.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			List<ConsumerRecord<String, Object>> found = new ArrayList<>();
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach(r -> {
					if (matching.test(r)) {
						found.add(r);
					}
				});
				return !found.isEmpty();
			});
			return found.get(0);
		}
	}

	/**
	 * What a run of a tool printed.
	 *
	 * @param exitCode its exit code
	 * @param out its standard output
	 * @param err its standard error
	 */
	record Run(int exitCode, String out, String err) {
	}

	static Run replayTool(String... args) {
		return tool(DltReplay.commandLine(), args);
	}

	/**
	 * Runs a tool's command line, as its main would, against the secured broker and
	 * registry.
	 */
	static Run tool(CommandLine command, String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		command.setOut(new PrintWriter(out, true));
		command.setErr(new PrintWriter(err, true));
		int exit = command.execute(with(args));
		return new Run(exit, out.toString(), err.toString());
	}

	static String[] with(String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		all.addAll(List.of("--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry-url",
				registry.confluentCompatibleUrl()));
		return all.toArray(String[]::new);
	}

	private static int freePorts(int count) throws IOException {
		return FreePorts.consecutive(count, 26000, 26990);
	}

}
