package org.callorchestrator.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.callorchestrator.testing.TestCommands.CHANNEL_ID;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.callorchestrator.sandbox.VobizSandbox;
import org.callorchestrator.schema.CallAction;
import org.callorchestrator.schema.CallActionCommand;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CallInitiateCommand;
import org.callorchestrator.schema.CallLogRecord;
import org.callorchestrator.schema.CallStatus;
import org.callorchestrator.schema.CommandResult;
import org.callorchestrator.schema.EventSource;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.serde.SchemaRegistryAvroDeserializer;
import org.callorchestrator.serde.SchemaRegistryAvroSerializer;
import org.callorchestrator.testing.Infrastructure;
import org.callorchestrator.testing.TestCommands;
import org.callorchestrator.testing.TopicRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.util.TestSocketUtils;

/**
 * The whole system as the local stack runs it — worker, webhook ingress, log poller and
 * call-state wired to one broker, registry and Vobiz sandbox, the sandbox delivering real
 * signed webhooks to the ingress — driven only through Kafka, as another team would:
 * commands in; results, canonical transitions and call logs out; the snapshot over HTTP.
 * Every call's transitions are asserted exactly, in order, with the status each left. The
 * services log ECS JSON, as docker-compose and Kubernetes run them (the local stack logs
 * plain text); their output is captured for the tests that read it.
 */
@ExtendWith(OutputCaptureExtension.class)
class CallFlowsEndToEndIT {

	static VobizSandbox sandbox;

	static Services services;

	static TopicRecorder recorder;

	static KafkaProducer<String, Object> producer;

	static SchemaRegistryAvroDeserializer avro;

	static int statePort;

	static final HttpClient http = HttpClient.newHttpClient();

	static final ObjectMapper json = new ObjectMapper();

	@BeforeAll
	static void start() {
		Infrastructure infra = Infrastructure.get();
		infra.createTopics(LocalStack.topics());
		sandbox = VobizSandbox.start(Map.of("sandbox.timing.talk-duration", "5m"));
		// In one JVM the first application started configures logging for all: here the
		// services' own configuration (the worker's, first) is what is under test, not
		// the sandbox's, a stand-in for Vobiz.
		LoggingSystem.get(CallFlowsEndToEndIT.class.getClassLoader()).cleanUp();
		statePort = TestSocketUtils.findAvailableTcpPort();
		services = Services.start(Services.ALL, infra.bootstrapServers(), infra.schemaRegistryUrl(), sandbox.baseUrl(),
				new Services.Ports("0", Integer.toString(TestSocketUtils.findAvailableTcpPort()), "0",
						Integer.toString(statePort)),
				(short) 1,
				List.of("--logging.structured.format.console=ecs", "--logging.config=classpath:logback-ecs.xml"));
		recorder = new TopicRecorder(infra, List.of(Topics.CALL_COMMAND_RESULTS, Topics.CALL_EVENTS, Topics.CALL_LOGS));
		producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
				ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, SchemaRegistryAvroSerializer.class, "schema.registry.url",
				infra.schemaRegistryUrl()));
		avro = new SchemaRegistryAvroDeserializer();
		avro.configure(Map.of("schema.registry.url", infra.schemaRegistryUrl(), "specific.avro.reader", true), false);
		await().atMost(Duration.ofSeconds(90)).until(() -> get("/actuator/health/readiness").statusCode() == 200);
	}

	@AfterEach
	void clearFaults() {
		sandbox.admin("DELETE", "/faults", null);
		sandbox.admin("PUT", "/webhooks/duplicate-rate", "{\"rate\":0}");
	}

	@AfterAll
	static void stop() {
		producer.close();
		recorder.close();
		services.close();
		sandbox.close();
	}

	@Test
	void anOutboundCallIsPlacedAnsweredWithItsSdpTerminatedAndLoggedEachTransitionOnce() throws Exception {
		CallInitiateCommand initiate = initiate("+919876500001");
		String callId = placed(initiate);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> transitionsOf(callId).stream().anyMatch(e -> e.value().getStatus() == CallStatus.ACCEPTED));
		CallActionCommand terminate = action(callId, CallAction.TERMINATE, null);
		send(Topics.CALL_ACTION, callId, terminate);
		awaitStatus(callId, CallStatus.TERMINATED);
		await().atMost(Duration.ofSeconds(60)).until(() -> callLog(callId) != null && callLog(callId).getFinal$());
		settled(callId);

		List<ConsumerRecord<String, CallEvent>> transitions = transitionsOf(callId);
		assertThat(transitions)
			.extracting(e -> e.value().getPreviousStatus(), e -> e.value().getStatus(), e -> e.value().getSequence())
			.containsExactly(tuple(null, CallStatus.INITIATED, 1), tuple(CallStatus.INITIATED, CallStatus.RINGING, 2),
					tuple(CallStatus.RINGING, CallStatus.ACCEPTED, 3),
					tuple(CallStatus.ACCEPTED, CallStatus.TERMINATED, 4));
		assertThat(transitions.get(2).value().getSdpAnswer()).isNotBlank();
		assertThat(transitions).extracting(ConsumerRecord::key).containsOnly(callId);
		assertThat(transitions).extracting(ConsumerRecord::partition).containsOnly(transitions.get(0).partition());
		assertThat(resultsOf(initiate.getCommandId())).hasSize(1);
		assertThat(resultsOf(terminate.getCommandId())).singleElement()
			.satisfies(r -> assertThat(r.getStatus()).isEqualTo(CallStatus.TERMINATED));
		assertThat(sandbox.callsCreated(initiate.getSdpOffer())).isEqualTo(1);
		JsonNode snapshot = json.readTree(get("/calls/" + callId).body());
		assertThat(snapshot.path("status").asText()).isEqualTo("TERMINATED");
		assertThat(snapshot.path("sequence").asInt()).isEqualTo(4);
		assertThat(snapshot.path("last_command_id").asText()).isEqualTo(terminate.getCommandId());
	}

	@Test
	void anInboundCallArrivesWithItsOfferIsAcceptedThroughCallActionAndTerminatedEachTransitionOnce() {
		String callId = inbound("+918888800001");
		await().atMost(Duration.ofSeconds(60))
			.until(() -> transitionsOf(callId).stream()
				.anyMatch(e -> e.value().getStatus() == CallStatus.RINGING && e.value().getSdpOffer() != null));

		List<CallActionCommand> actions = List.of(action(callId, CallAction.PRE_ACCEPT, "v=0\r\ns=agent\r\n"),
				action(callId, CallAction.ACCEPT, "v=0\r\ns=agent\r\n"), action(callId, CallAction.TERMINATE, null));
		actions.forEach(a -> send(Topics.CALL_ACTION, callId, a));
		awaitStatus(callId, CallStatus.TERMINATED);
		settled(callId);

		List<ConsumerRecord<String, CallEvent>> transitions = transitionsOf(callId);
		assertThat(transitions)
			.extracting(e -> e.value().getPreviousStatus(), e -> e.value().getStatus(), e -> e.value().getSequence())
			.containsExactly(tuple(null, CallStatus.RINGING, 1), tuple(CallStatus.RINGING, CallStatus.PRE_ACCEPTED, 2),
					tuple(CallStatus.PRE_ACCEPTED, CallStatus.ACCEPTED, 3),
					tuple(CallStatus.ACCEPTED, CallStatus.TERMINATED, 4));
		assertThat(transitions.get(0).value().getSdpOffer()).isEqualTo("v=0\r\ns=user\r\n");
		assertThat(transitions.get(1).value().getCommandId()).isEqualTo(actions.get(0).getCommandId());
		actions.forEach(a -> assertThat(resultsOf(a.getCommandId())).hasSize(1));
	}

	@Test
	void anInitiateWhoseAnswerIsLostIsSettledFromTheMirroredCallLogsWithOneDial() {
		sandbox.admin("PUT", "/faults",
				"{\"unanswered\":[{\"endpoint\":\"initiate\",\"mode\":\"reset\",\"count\":1}]}");
		MeterRegistry worker = services.bean("call-worker", MeterRegistry.class);
		double before = indexFound(worker);
		CallInitiateCommand initiate = initiate("+919876500077");

		String callId = placed(initiate);

		assertThat(resultsOf(initiate.getCommandId())).singleElement()
			.satisfies(r -> assertThat(r.getStatus()).isEqualTo(CallStatus.INITIATED));
		assertThat(sandbox.callsCreated(initiate.getSdpOffer())).isEqualTo(1);
		assertThat(callLog(callId)).as("the call the worker reported is the one Vobiz logged").isNotNull();
		assertThat(indexFound(worker) - before).as("settled by a look-up in call.logs, not a search of Vobiz's logs")
			.isEqualTo(1.0);
	}

	static double indexFound(MeterRegistry registry) {
		return registry.find("callworker.reconcile.lookups")
			.tags("kind", "initiate", "source", "index", "result", "found")
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	@Test
	void webhooksDeliveredTwiceStillGiveEachTransitionOnce() {
		sandbox.admin("PUT", "/webhooks/duplicate-rate", "{\"rate\":1}");
		String callId = placed(initiate("+919876500002"));
		await().atMost(Duration.ofSeconds(60))
			.until(() -> transitionsOf(callId).stream().anyMatch(e -> e.value().getStatus() == CallStatus.ACCEPTED));
		send(Topics.CALL_ACTION, callId, action(callId, CallAction.TERMINATE, null));
		awaitStatus(callId, CallStatus.TERMINATED);
		settled(callId);

		assertThat(transitionsOf(callId)).extracting(e -> e.value().getStatus(), e -> e.value().getSequence())
			.containsExactly(tuple(CallStatus.INITIATED, 1), tuple(CallStatus.RINGING, 2),
					tuple(CallStatus.ACCEPTED, 3), tuple(CallStatus.TERMINATED, 4));
	}

	@Test
	void everyWebhookDroppedTheTransitionsAreCompletedFromTheCallLogs() {
		sandbox.admin("PUT", "/faults", "{\"webhook_drops\":{\"call_share\":1.0}}");
		String callId = placed(initiate("+919876500003"));
		await().atMost(Duration.ofSeconds(60))
			.until(() -> transitionsOf(callId).stream().anyMatch(e -> e.value().getStatus() == CallStatus.ACCEPTED));
		send(Topics.CALL_ACTION, callId, action(callId, CallAction.TERMINATE, null));
		awaitStatus(callId, CallStatus.TERMINATED);
		await().atMost(Duration.ofSeconds(60)).until(() -> callLog(callId) != null && callLog(callId).getFinal$());
		settled(callId);

		List<CallEvent> transitions = transitionsOf(callId).stream().map(ConsumerRecord::value).toList();
		assertThat(sandbox.droppedWebhooks().calls()).contains(callId);
		assertThat(transitions).extracting(CallEvent::getStatus)
			.containsSubsequence(CallStatus.INITIATED, CallStatus.ACCEPTED, CallStatus.TERMINATED)
			.doesNotHaveDuplicates();
		assertThat(transitions).extracting(CallEvent::getSource).doesNotContain(EventSource.WEBHOOK);
		assertThat(transitions).filteredOn(e -> e.getStatus() == CallStatus.ACCEPTED)
			.extracting(CallEvent::getSource)
			.containsExactly(EventSource.LOG_POLLER);
		for (int i = 0; i < transitions.size(); i++) {
			assertThat(transitions.get(i).getSequence()).isEqualTo(i + 1);
			assertThat(transitions.get(i).getPreviousStatus())
				.isEqualTo((i == 0) ? null : transitions.get(i - 1).getStatus());
		}
	}

	@Test
	void anInboundCallWithEveryWebhookDeliveredTwiceStillGivesEachTransitionOnce() {
		sandbox.admin("PUT", "/webhooks/duplicate-rate", "{\"rate\":1}");
		String callId = answeredAndTerminatedInbound("+918888800002");

		assertThat(transitionsOf(callId)).extracting(e -> e.value().getStatus(), e -> e.value().getSequence())
			.containsExactly(tuple(CallStatus.RINGING, 1), tuple(CallStatus.PRE_ACCEPTED, 2),
					tuple(CallStatus.ACCEPTED, 3), tuple(CallStatus.TERMINATED, 4));
	}

	@Test
	void anInboundCallWhoseEveryWebhookIsDroppedRingsFromTheCallLogsAndIsAnswered() {
		sandbox.admin("PUT", "/faults", "{\"webhook_drops\":{\"call_share\":1.0}}");
		String callId = answeredAndTerminatedInbound("+918888800003");

		List<ConsumerRecord<String, CallEvent>> transitions = transitionsOf(callId);
		assertThat(transitions).extracting(e -> e.value().getStatus(), e -> e.value().getSequence())
			.containsExactly(tuple(CallStatus.RINGING, 1), tuple(CallStatus.PRE_ACCEPTED, 2),
					tuple(CallStatus.ACCEPTED, 3), tuple(CallStatus.TERMINATED, 4));
		assertThat(transitions.get(0).value().getSource()).isEqualTo(EventSource.LOG_POLLER);
		assertThat(transitions.get(0).value().getSdpOffer()).isEqualTo("v=0\r\ns=user\r\n");
		assertThat(transitions).extracting(e -> e.value().getSource()).doesNotContain(EventSource.WEBHOOK);
	}

	@Test
	void aCommandsTraceContinuesThroughItsVobizRequestItsResultAndTheTransitionItEstablishes() {
		String callId = inbound("+918888800004");
		awaitStatus(callId, CallStatus.RINGING);
		String traceId = hex(32);
		CallActionCommand preAccept = action(callId, CallAction.PRE_ACCEPT, "v=0\r\ns=agent\r\n");
		// the call logs unreadable meanwhile: PRE_ACCEPTED is established by the worker's
		// result, not by the poller's row (which carries no command and no trace)
		sandbox.admin("PUT", "/faults", "{\"outage\":{\"seconds\":30,\"status\":503,\"endpoint\":\"logs\"}}");

		send(Topics.CALL_ACTION, callId, preAccept, "00-" + traceId + "-" + hex(16) + "-01");
		awaitStatus(callId, CallStatus.PRE_ACCEPTED);

		String worked = TopicRecorder.header(resultRecordOf(preAccept.getCommandId()), "traceparent");
		assertThat(worked).as("the result continues the command's trace in the worker's span")
			.startsWith("00-" + traceId + "-")
			.endsWith("-01");
		assertThat(transitionsOf(callId)).filteredOn(e -> e.value().getStatus() == CallStatus.PRE_ACCEPTED)
			.singleElement()
			.satisfies(transition -> {
				assertThat(transition.value().getCommandId()).isEqualTo(preAccept.getCommandId());
				assertThat(TopicRecorder.header(transition, "traceparent")).isEqualTo(worked);
			});
		assertThat(sandbox.traceparents(callId)).as("what the Vobiz request carried")
			.containsEntry("pre_accept", List.of(worked));
	}

	@Test
	void servicesLogEcsJsonWithTheCommandTheCallAndTheTraceAsFieldsAndNoSecret(CapturedOutput output) {
		String callId = inbound("+918888800005");
		awaitStatus(callId, CallStatus.RINGING);
		String traceId = hex(32);
		CallActionCommand preAccept = action(callId, CallAction.PRE_ACCEPT, "v=0\r\ns=agent\r\n");

		send(Topics.CALL_ACTION, callId, preAccept, "00-" + traceId + "-" + hex(16) + "-01");
		awaitStatus(callId, CallStatus.PRE_ACCEPTED);

		List<JsonNode> lines = output.getAll()
			.lines()
			.filter(line -> line.startsWith("{"))
			.map(CallFlowsEndToEndIT::jsonLine)
			.toList();
		assertThat(lines).filteredOn(line -> preAccept.getCommandId().equals(line.path("command_id").asText()))
			.as("the worker's lines about the command")
			.isNotEmpty()
			.allSatisfy(line -> {
				assertThat(line.path("call_id").asText()).isEqualTo(callId);
				assertThat(line.path("trace.id").asText()).isEqualTo(traceId);
				assertThat(line.path("span.id").asText()).hasSize(16);
				assertThat(line.path("log").path("logger").asText()).startsWith("org.callorchestrator.worker");
				assertThat(line.path("ecs").path("version").asText()).isNotBlank();
			});
		assertThat(output.getAll()).as("the Vobiz token and the webhook secret")
			.doesNotContain("sandbox-token", Services.WEBHOOK_SECRET);
	}

	/**
	 * An inbound call answered as an agent app would once it rings on call.events, then
	 * hung up; settled.
	 */
	static String answeredAndTerminatedInbound(String from) {
		String callId = inbound(from);
		awaitStatus(callId, CallStatus.RINGING);
		send(Topics.CALL_ACTION, callId, action(callId, CallAction.PRE_ACCEPT, "v=0\r\ns=agent\r\n"));
		send(Topics.CALL_ACTION, callId, action(callId, CallAction.ACCEPT, "v=0\r\ns=agent\r\n"));
		send(Topics.CALL_ACTION, callId, action(callId, CallAction.TERMINATE, null));
		awaitStatus(callId, CallStatus.TERMINATED);
		settled(callId);
		return callId;
	}

	// ---- driving it as another team would

	static CallInitiateCommand initiate(String to) {
		CallInitiateCommand initiate = TestCommands.initiate().setTo(to).build();
		send(Topics.CALL_INITIATE, initiate.getCommandId(), initiate);
		return initiate;
	}

	/** The call {@code initiate} created, from its one result. */
	static String placed(CallInitiateCommand initiate) {
		return await().atMost(Duration.ofSeconds(60))
			.until(() -> resultsOf(initiate.getCommandId()).stream()
				.map(CommandResult::getCallId)
				.findFirst()
				.orElse(null), id -> id != null);
	}

	static String inbound(String from) {
		String body = sandbox.admin("POST", "/inbound-calls", "{\"channel_id\":\"" + CHANNEL_ID + "\",\"from\":\""
				+ from + "\",\"sdp_offer\":\"v=0\\r\\ns=user\\r\\n\"}");
		try {
			return json.readTree(body).path("call_id").asText();
		}
		catch (Exception ex) {
			throw new IllegalStateException(body, ex);
		}
	}

	/**
	 * Waits until no transition of the call arrived for two seconds (so that an extra one
	 * would be seen).
	 */
	static void settled(String callId) {
		int[] last = { -1 };
		await().pollInterval(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(20)).until(() -> {
			int now = transitionsOf(callId).size();
			boolean same = now == last[0];
			last[0] = now;
			return same;
		});
	}

	static void awaitStatus(String callId, CallStatus status) {
		await().atMost(Duration.ofSeconds(60))
			.until(() -> transitionsOf(callId).stream().anyMatch(e -> e.value().getStatus() == status));
	}

	static CallActionCommand action(String callId, CallAction action, String sdp) {
		return TestCommands.action(callId, action).setSdp(sdp).build();
	}

	static void send(String topic, String key, Object value) {
		try {
			producer.send(new ProducerRecord<>(topic, key, value)).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Sends a command as a traced producer would: with a W3C {@code traceparent}. */
	static void send(String topic, String key, Object value, String traceparent) {
		try {
			producer
				.send(new ProducerRecord<>(topic, null, key, value,
						List.of(new RecordHeader("traceparent", traceparent.getBytes(StandardCharsets.UTF_8)))))
				.get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String hex(int digits) {
		StringBuilder hex = new StringBuilder();
		while (hex.length() < digits) {
			hex.append(Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE));
		}
		return hex.substring(0, digits);
	}

	static JsonNode jsonLine(String line) {
		try {
			return json.readTree(line);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Not a JSON log line: " + line, ex);
		}
	}

	static List<ConsumerRecord<String, CallEvent>> transitionsOf(String callId) {
		return recorder.records(Topics.CALL_EVENTS)
			.stream()
			.filter(r -> callId.equals(r.key()))
			.map(r -> new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(), r.timestampType(),
					r.serializedKeySize(), r.serializedValueSize(), r.key(),
					(CallEvent) avro.deserialize(r.topic(), r.value()), r.headers(), r.leaderEpoch()))
			.toList();
	}

	/**
	 * The one result record of {@code commandId}, as written (headers and all), once the
	 * recorder has read it (the call's transition may be read first).
	 */
	static ConsumerRecord<String, byte[]> resultRecordOf(String commandId) {
		await().atMost(Duration.ofSeconds(30)).until(() -> !resultsOf(commandId).isEmpty());
		return recorder.records(Topics.CALL_COMMAND_RESULTS)
			.stream()
			.filter(r -> commandId.equals(((CommandResult) avro.deserialize(r.topic(), r.value())).getCommandId()))
			.reduce((first, second) -> {
				throw new IllegalStateException("Two results of " + commandId);
			})
			.orElseThrow();
	}

	static List<CommandResult> resultsOf(String commandId) {
		return recorder.records(Topics.CALL_COMMAND_RESULTS)
			.stream()
			.map(r -> (CommandResult) avro.deserialize(r.topic(), r.value()))
			.filter(r -> commandId.equals(r.getCommandId()))
			.toList();
	}

	static CallLogRecord callLog(String callId) {
		return recorder.records(Topics.CALL_LOGS)
			.stream()
			.filter(r -> callId.equals(r.key()))
			.map(r -> (CallLogRecord) avro.deserialize(r.topic(), r.value()))
			.reduce((first, second) -> second)
			.orElse(null);
	}

	static HttpResponse<String> get(String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statePort + path))
			.timeout(Duration.ofSeconds(5))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
