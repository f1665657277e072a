package org.callorchestrator.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.callorchestrator.testing.TestCommands.CHANNEL_ID;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.callorchestrator.schema.CallDirection;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CallLogRecord;
import org.callorchestrator.schema.CallState;
import org.callorchestrator.schema.CallStatus;
import org.callorchestrator.schema.CommandResult;
import org.callorchestrator.schema.CommandType;
import org.callorchestrator.schema.EventSource;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.serde.SchemaRegistryAvroDeserializer;
import org.callorchestrator.serde.SchemaRegistration;
import org.callorchestrator.serde.SchemaRegistryAvroSerializer;
import org.callorchestrator.state.topology.StoreNames;
import org.callorchestrator.testing.Infrastructure;
import org.callorchestrator.testing.RealInfrastructure;
import org.callorchestrator.testing.TopicRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.util.TestSocketUtils;

/**
 * call-state as it is deployed (its Spring Boot application, exactly-once, RocksDB
 * stores) on the real broker and registry: inputs produced as the worker, the ingress and
 * the poller produce them, outputs read read_committed, and the snapshot over HTTP from
 * either of two instances. As in production, with {@code auto.register.schemas=false}:
 * the published subjects ({@code call.events-value}, {@code call.state-value}) are
 * registered first, as the deploy's schema-registration step does, and call-state
 * registers only its own Kafka Streams topics' subjects.
 */
@RealInfrastructure
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallStateIT {

	private final HttpClient http = HttpClient.newHttpClient();

	private final ObjectMapper json = new ObjectMapper();

	private final SchemaRegistryAvroDeserializer deserializer = new SchemaRegistryAvroDeserializer();

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	private final List<Integer> ports = new ArrayList<>();

	private KafkaProducer<String, Object> producer;

	private TopicRecorder recorder;

	private String applicationId;

	@BeforeAll
	void start(Infrastructure infra) throws Exception {
		for (String topic : List.of(Topics.CALL_COMMAND_RESULTS, Topics.WEBHOOK_OBSERVATIONS, Topics.CALL_LOGS,
				Topics.CALL_EVENTS, Topics.CALL_STATE)) {
			infra.createTopicIfAbsent(topic, 3);
		}
		this.applicationId = "call-state-it-" + UUID.randomUUID();
		SchemaRegistration registration = new SchemaRegistration(
				Map.of("schema.registry.url", infra.schemaRegistryUrl()));
		registration.register(Topics.CALL_EVENTS, CallEvent.getClassSchema());
		registration.register(Topics.CALL_STATE, CallState.getClassSchema());
		for (int i = 0; i < 2; i++) {
			int port = TestSocketUtils.findAvailableTcpPort();
			this.ports.add(port);
			this.instances.add(new SpringApplicationBuilder(CallStateApplication.class)
				.properties("spring.config.name=" + CallStateApplication.CONFIG_NAME)
				.run("--spring.kafka.bootstrap-servers=" + infra.bootstrapServers(),
						"--spring.kafka.properties.schema.registry.url=" + infra.schemaRegistryUrl(),
						"--spring.kafka.properties.auto.register.schemas=false",
						"--spring.kafka.streams.application-id=" + this.applicationId,
						"--spring.kafka.streams.state-dir=" + Files.createTempDirectory("call-state-it"),
						"--state.topics.partitions=3", "--server.port=" + port, "--spring.main.banner-mode=off"));
		}
		this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()),
				new StringSerializer(), serializer(infra));
		this.deserializer
			.configure(Map.of("schema.registry.url", infra.schemaRegistryUrl(), "specific.avro.reader", "true"), false);
		this.recorder = new TopicRecorder(infra, List.of(Topics.CALL_EVENTS, Topics.CALL_STATE));
		for (int port : this.ports) {
			await().atMost(Duration.ofSeconds(90))
				.until(() -> get(port, "/actuator/health/readiness").statusCode() == 200);
		}
	}

	@AfterAll
	void stop() {
		this.recorder.close();
		this.producer.close();
		this.instances.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void publishesEachStatusOfACallOnceInOrderWhateverReportsItAndHowOften() {
		String call = UUID.randomUUID().toString();
		Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		send(Topics.CALL_COMMAND_RESULTS, call, result(call, "cmd-" + call, t0));
		for (int copy = 0; copy < 2; copy++) {
			send(Topics.WEBHOOK_OBSERVATIONS, call, webhook(call, CallStatus.RINGING, t0.plusMillis(200)));
			send(Topics.WEBHOOK_OBSERVATIONS, call, webhook(call, CallStatus.ACCEPTED, t0.plusMillis(700)));
		}
		send(Topics.CALL_LOGS, call, row(call, "initiated", t0, null, null));
		send(Topics.CALL_LOGS, call, row(call, "terminated", t0, t0.plusMillis(700), t0.plusSeconds(5)));

		await().atMost(Duration.ofSeconds(30)).until(() -> transitions(call).size() >= 4);
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> transitions(call).size() == 4);
		assertThat(transitions(call))
			.extracting(CallEvent::getPreviousStatus, CallEvent::getStatus, CallEvent::getSequence,
					CallEvent::getSource)
			.containsExactly(tuple(null, CallStatus.INITIATED, 1, EventSource.WORKER),
					tuple(CallStatus.INITIATED, CallStatus.RINGING, 2, EventSource.WEBHOOK),
					tuple(CallStatus.RINGING, CallStatus.ACCEPTED, 3, EventSource.WEBHOOK),
					tuple(CallStatus.ACCEPTED, CallStatus.TERMINATED, 4, EventSource.LOG_POLLER));
		assertThat(this.recorder.records(Topics.CALL_EVENTS).stream().filter(r -> call.equals(r.key())))
			.extracting(ConsumerRecord::partition)
			.containsOnly(this.recorder.records(Topics.CALL_EVENTS)
				.stream()
				.filter(r -> call.equals(r.key()))
				.findFirst()
				.orElseThrow()
				.partition());
	}

	@Test
	void registersTheSubjectsOfItsOwnKafkaStreamsTopicsItselfWithAutoRegistrationOff() throws Exception {
		String call = UUID.randomUUID().toString();
		send(Topics.CALL_COMMAND_RESULTS, call, result(call, "cmd-" + call, Instant.now()));

		await().atMost(Duration.ofSeconds(30)).until(() -> !transitions(call).isEmpty());
		HttpResponse<String> subjects = this.http.send(
				HttpRequest.newBuilder(URI.create(Infrastructure.get().schemaRegistryUrl() + "/subjects")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(subjects.body()).contains("\"" + this.applicationId + "-" + StoreNames.CALLS + "-changelog-value\"");
	}

	@Test
	void keepsTheLatestSnapshotOfEveryCallOnCallState() {
		String call = UUID.randomUUID().toString();
		Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		send(Topics.CALL_COMMAND_RESULTS, call, result(call, "cmd-" + call, t0));
		send(Topics.WEBHOOK_OBSERVATIONS, call, webhook(call, CallStatus.RINGING, t0.plusMillis(200)));

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			List<CallState> snapshots = snapshots(call);
			assertThat(snapshots).isNotEmpty();
			CallState last = snapshots.get(snapshots.size() - 1);
			assertThat(last.getStatus()).isEqualTo(CallStatus.RINGING);
			assertThat(last.getSequence()).isEqualTo(2);
			assertThat(last.getLastCommandId()).isEqualTo("cmd-" + call);
		});
	}

	@Test
	void answersACallsSnapshotFromEitherInstance() throws Exception {
		List<String> calls = new ArrayList<>();
		Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		for (int i = 0; i < 12; i++) {
			String call = UUID.randomUUID().toString();
			calls.add(call);
			send(Topics.CALL_COMMAND_RESULTS, call, result(call, "cmd-" + call, t0));
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> calls.stream().allMatch(c -> transitions(c).size() == 1));
		for (String call : calls) {
			for (int port : this.ports) {
				HttpResponse<String> response = await().atMost(Duration.ofSeconds(10))
					.until(() -> get(port, "/calls/" + call), r -> r.statusCode() == 200);
				JsonNode snapshot = this.json.readTree(response.body());
				assertThat(snapshot.path("call_id").asText()).isEqualTo(call);
				assertThat(snapshot.path("status").asText()).isEqualTo("INITIATED");
				assertThat(snapshot.path("sequence").asInt()).isEqualTo(1);
				assertThat(snapshot.path("direction").asText()).isEqualTo("OUTBOUND");
				assertThat(snapshot.path("last_command_id").asText()).isEqualTo("cmd-" + call);
			}
		}
	}

	@Test
	void answers404ForACallItDoesNotKnow() throws Exception {
		HttpResponse<String> response = get(this.ports.get(0), "/calls/" + UUID.randomUUID());
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(this.json.readTree(response.body()).path("error").asText()).isEqualTo("unknown call");
	}

	@Test
	void reportsItselfReadyOnlyWhileRunningWithNothingToRestore() throws Exception {
		HttpResponse<String> response = get(this.ports.get(0), "/actuator/health/readiness");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode health = this.json.readTree(get(this.ports.get(0), "/actuator/health").body());
		assertThat(health.path("components").path("streams").path("details").path("state").asText())
			.isEqualTo("RUNNING");
	}

	// ---- helpers

	private List<CallEvent> transitions(String call) {
		return this.recorder.records(Topics.CALL_EVENTS)
			.stream()
			.filter(r -> call.equals(r.key()))
			.map(r -> (CallEvent) this.deserializer.deserialize(r.topic(), r.value()))
			.toList();
	}

	private List<CallState> snapshots(String call) {
		return this.recorder.records(Topics.CALL_STATE)
			.stream()
			.filter(r -> call.equals(r.key()) && r.value() != null)
			.map(r -> (CallState) this.deserializer.deserialize(r.topic(), r.value()))
			.toList();
	}

	private void send(String topic, String key, Object value) {
		try {
			this.producer.send(new ProducerRecord<>(topic, key, value)).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private HttpResponse<String> get(int port, String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(5))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static SchemaRegistryAvroSerializer serializer(Infrastructure infra) {
		SchemaRegistryAvroSerializer serializer = new SchemaRegistryAvroSerializer();
		serializer.configure(Map.of("schema.registry.url", infra.schemaRegistryUrl()), false);
		return serializer;
	}

	private static CommandResult result(String call, String commandId, Instant at) {
		return CommandResult.newBuilder()
			.setResultId(UUID.randomUUID().toString())
			.setCommandId(commandId)
			.setCommandType(CommandType.INITIATE)
			.setSucceeded(true)
			.setCallId(call)
			.setChannelId(CHANNEL_ID)
			.setDirection(CallDirection.OUTBOUND)
			.setTo("+14155550123")
			.setStatus(CallStatus.INITIATED)
			.setOccurredAt(at)
			.build();
	}

	private static CallEvent webhook(String call, CallStatus status, Instant at) {
		return CallEvent.newBuilder()
			.setEventId(UUID.randomUUID().toString())
			.setCallId(call)
			.setMetaCallId("wacid." + call)
			.setDirection(CallDirection.OUTBOUND)
			.setStatus(status)
			.setSource(EventSource.WEBHOOK)
			.setOccurredAt(at)
			.build();
	}

	private static CallLogRecord row(String call, String status, Instant created, Instant answered, Instant ended) {
		return CallLogRecord.newBuilder()
			.setId(call)
			.setAccountId("MA_XXXXXXXX")
			.setChannelId(CHANNEL_ID)
			.setMetaCallId("wacid." + call)
			.setDirection("outbound")
			.setStatus(status)
			.setCreatedAt(created)
			.setAnsweredAt(answered)
			.setEndedAt(ended)
			.setUpdatedAt((ended != null) ? ended : created)
			.setObservedAt(Instant.now())
			.setFinal$(ended != null)
			.build();
	}

}
