package org.callorchestrator.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.Counter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.callorchestrator.sandbox.VobizSandbox;
import org.callorchestrator.schema.CallAction;
import org.callorchestrator.schema.CallActionCommand;
import org.callorchestrator.schema.CallDirection;
import org.callorchestrator.schema.CallError;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CallInitiateCommand;
import org.callorchestrator.schema.CallStatus;
import org.callorchestrator.schema.CommandResult;
import org.callorchestrator.schema.CommandType;
import org.callorchestrator.schema.DeadLetterHeaders;
import org.callorchestrator.schema.ErrorCategory;
import org.callorchestrator.schema.EventSource;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.serde.SchemaRegistryAvroSerializer;
import org.callorchestrator.testing.Infrastructure;
import org.callorchestrator.testing.InfrastructureProperties;
import org.callorchestrator.testing.RealInfrastructure;
import org.callorchestrator.worker.idempotency.CommandOutcomes;
import org.callorchestrator.worker.idempotency.RecordedOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.callorchestrator.worker.health.ConsumersReadiness;
import org.callorchestrator.testing.TestCommands;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.beans.factory.annotation.Autowired;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import java.util.ArrayList;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The worker end to end: commands through the real broker and registry, Vobiz requests to
 * the sandbox over HTTP, results read back from call.command-results and the dead-letter
 * topics.
 */
@RealInfrastructure
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = { "worker.vobiz.auth-id=MA_XXXXXXXX",
		"worker.vobiz.auth-token=sandbox-token", "worker.vobiz.response-timeout=1s", "worker.reconcile.window=2s",
		"worker.reconcile.poll-interval=300ms", "worker.retry.initial-backoff=100ms", "worker.retry.max-backoff=1s",
		"worker.retry.max-attempts=10", "worker.retry.max-total=30s", "worker.quota.max-park=10s",
		"worker.topics.partitions=3", "management.prometheus.metrics.export.enabled=true" })
class CallWorkerIT {

	static final String CHANNEL = TestCommands.CHANNEL_ID;

	static VobizSandbox sandbox;

	static WorkerRecorder recorder;

	static KafkaProducer<String, Object> producer;

	@Autowired
	PrometheusMeterRegistry prometheus;

	@Autowired
	CommandOutcomes outcomes;

	@Autowired
	WorkerSettings settings;

	@Autowired
	ApplicationAvailability availability;

	@Autowired
	ConsumersReadiness consumersReadiness;

	@BeforeAll
	static void start() {
		sandbox = VobizSandbox.start(Map.of("sandbox.timing.talk-duration", "5m", "sandbox.timing.answer-window", "5m",
				"sandbox.meta-errors[+919800138006]", "138006", "sandbox.meta-errors[+919800138012]", "138012"));
	}

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		InfrastructureProperties.register(registry);
		registry.add("worker.vobiz.base-url", () -> sandbox.baseUrl());
	}

	@BeforeAll
	static void clients() {
		Infrastructure infra = Infrastructure.get();
		recorder = new WorkerRecorder(infra);
		producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
				ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, SchemaRegistryAvroSerializer.class, "schema.registry.url",
				infra.schemaRegistryUrl()));
	}

	@AfterAll
	static void stop() {
		producer.close();
		recorder.close();
		sandbox.close();
	}

	@BeforeEach
	void clearFaults() {
		sandbox.admin("DELETE", "/faults", null);
	}

	@Test
	void isReadyOnceEveryConsumerLoopJoinedItsGroupAndTheOutcomeMirrorReads() {
		await().atMost(Duration.ofSeconds(60)).until(() -> this.consumersReadiness.health().getStatus() == Status.UP);
		Map<String, Object> details = this.consumersReadiness.health().getDetails();
		assertThat(details.get("joined")).isEqualTo(((Integer) details.get("loops")).longValue());
		assertThat((Integer) details.get("loops")).isEqualTo(2);
		assertThat(details).containsEntry("outcomeMirrorReading", true);
	}

	@Test
	void skipsAndCountsAnUnreadableRecordOfTheOutcomesTopicAndKeepsConcludingCommands() throws Exception {
		double skippedBefore = this.prometheus.get("callworker.outcomes.skipped").functionCounter().count();
		try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.get().bootstrapServers()),
				new StringSerializer(), new ByteArraySerializer())) {
			raw.send(new ProducerRecord<>(this.settings.idempotency().topic(), "poison-" + UUID.randomUUID(),
					new byte[] { 42, 1, 2, 3 }))
				.get();
		}
		this.outcomes.awaitCaughtUp(Duration.ofSeconds(30));

		CallInitiateCommand command = initiate("+919876543299");
		send(Topics.CALL_INITIATE, command.getCommandId(), command);

		assertThat(awaitOneResult(command.getCommandId()).value().getSucceeded()).isTrue();
		assertThat(this.prometheus.get("callworker.outcomes.skipped").functionCounter().count())
			.isEqualTo(skippedBefore + 1);
		assertThat(this.availability.getLivenessState()).isEqualTo(LivenessState.CORRECT);
	}

	@Test
	void initiatesACallAndPublishesItsInitiatedResultKeyedByCallId() throws Exception {
		CallInitiateCommand command = initiate("+919876543210");
		send(Topics.CALL_INITIATE, command.getCommandId(), command);
		ConsumerRecord<String, CommandResult> result = awaitOneResult(command.getCommandId());
		assertThat(result.value().getSucceeded()).isTrue();
		assertThat(result.value().getStatus()).isEqualTo(CallStatus.INITIATED);
		assertThat(result.value().getError()).isNull();
		assertThat(result.value().getCommandType()).isEqualTo(CommandType.INITIATE);
		assertThat(result.value().getAction()).isNull();
		assertThat(result.value().getDirection()).isEqualTo(CallDirection.OUTBOUND);
		assertThat(result.value().getResultId())
			.isEqualTo(UUID.nameUUIDFromBytes(("worker:" + command.getCommandId()).getBytes(StandardCharsets.UTF_8))
				.toString());
		assertThat(result.value().getCallId()).isNotBlank();
		assertThat(result.key()).isEqualTo(result.value().getCallId());
		assertThat(result.value().getChannelId()).isEqualTo(CHANNEL);
		assertThat(result.value().getFrom()).isEqualTo("+911140001234");
		assertThat(result.value().getTo()).isEqualTo("+919876543210");
		assertThat(result.value().getAttributes()).containsEntry("ticket", "T-42");
		assertThat(sandbox.callsCreated(command.getSdpOffer())).isEqualTo(1);
		assertThat(recordsOn(Topics.CALL_EVENTS)).as("the worker writes nothing to call.events").isZero();
	}

	@Test
	void appliesActionsOnOneCallInTheOrderTheyWereProduced() {
		String callId = inboundCall();
		List<CallActionCommand> actions = List.of(action(callId, CallAction.PRE_ACCEPT, "v=0\r\ns=agent\r\n"),
				action(callId, CallAction.ACCEPT, "v=0\r\ns=agent\r\n"), action(callId, CallAction.TERMINATE, null));
		actions.forEach(a -> send(Topics.CALL_ACTION, callId, a));
		await().atMost(Duration.ofSeconds(30)).until(() -> recorder.resultsOfCall(callId).size() >= 3);
		List<ConsumerRecord<String, CommandResult>> results = recorder.resultsOfCall(callId);
		assertThat(results).extracting(r -> r.value().getStatus())
			.containsExactly(CallStatus.PRE_ACCEPTED, CallStatus.ACCEPTED, CallStatus.TERMINATED);
		assertThat(results).extracting(r -> r.value().getCommandId())
			.containsExactly(actions.stream().map(CallActionCommand::getCommandId).toArray(String[]::new));
		assertThat(results).extracting(ConsumerRecord::partition).containsOnly(results.get(0).partition());
		assertThat(results).extracting(ConsumerRecord::key).containsOnly(callId);
		assertThat(results.get(1).value().getCommandType()).isEqualTo(CommandType.ACTION);
		assertThat(results.get(1).value().getAction()).isEqualTo(CallAction.ACCEPT);
		assertThat(results.get(1).value().getDirection()).isEqualTo(CallDirection.INBOUND);
		assertThat(results.get(2).value().getDirection()).isNull();
	}

	@Test
	void worksOnManyInitiatesAtOnceWhileOneCallsActionsStayInOrder() throws Exception {
		sandbox.admin("PUT", "/faults", "{\"latency\":{\"fixed_ms\":300,\"jitter_ms\":0}}");
		String callId = inboundCall();
		List<CallInitiateCommand> initiates = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			CallInitiateCommand command = initiate("+91987654" + String.format("%04d", i));
			initiates.add(command);
			producer.send(new ProducerRecord<>(Topics.CALL_INITIATE, command.getCommandId(), command));
		}
		List.of(action(callId, CallAction.PRE_ACCEPT, "v=0\r\ns=agent\r\n"),
				action(callId, CallAction.ACCEPT, "v=0\r\ns=agent\r\n"), action(callId, CallAction.TERMINATE, null))
			.forEach(a -> producer.send(new ProducerRecord<>(Topics.CALL_ACTION, callId, a)));
		producer.flush();
		double[] mostInFlight = { 0 };
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
			mostInFlight[0] = Math.max(mostInFlight[0],
					this.prometheus.get("callworker.commands.in_flight").gauge().value());
			return initiates.stream().allMatch(c -> !recorder.resultsOf(c.getCommandId()).isEmpty());
		});
		for (CallInitiateCommand command : initiates) {
			assertThat(awaitOneResult(command.getCommandId()).value().getStatus()).isEqualTo(CallStatus.INITIATED);
			assertThat(sandbox.callsCreated(command.getSdpOffer())).isEqualTo(1);
		}
		assertThat(mostInFlight[0]).as("commands worked on at the same time").isGreaterThan(1);
		await().atMost(Duration.ofSeconds(30)).until(() -> recorder.resultsOfCall(callId).size() >= 3);
		assertThat(recorder.resultsOfCall(callId)).extracting(r -> r.value().getStatus())
			.containsExactly(CallStatus.PRE_ACCEPTED, CallStatus.ACCEPTED, CallStatus.TERMINATED);
	}

	@Test
	void rejectsAnInboundCall() {
		String callId = inboundCall();
		CallActionCommand reject = action(callId, CallAction.REJECT, null);
		send(Topics.CALL_ACTION, callId, reject);
		assertThat(awaitOneResult(reject.getCommandId()).value().getStatus()).isEqualTo(CallStatus.REJECTED);
	}

	@Test
	void deadLettersACommandWhoseNumberIsNotE164WithoutCallingVobiz() throws Exception {
		CallInitiateCommand command = initiate("09876543210");
		send(Topics.CALL_INITIATE, command.getCommandId(), command);
		ConsumerRecord<String, CommandResult> result = awaitOneResult(command.getCommandId());
		CommandResult failure = result.value();
		assertThat(failure.getSucceeded()).isFalse();
		assertThat(failure.getStatus()).isNull();
		assertThat(failure.getError().getCategory()).isEqualTo(ErrorCategory.VALIDATION);
		assertThat(failure.getError().getMessage()).contains("E.164");
		assertThat(failure.getCallId()).isNull();
		assertThat(result.key()).as("no call: keyed by command id").isEqualTo(command.getCommandId());
		ConsumerRecord<String, byte[]> deadLetter = awaitOneDeadLetter(command.getCommandId());
		assertThat(deadLetter.topic()).isEqualTo(Topics.CALL_INITIATE_DLT);
		assertThat(WorkerRecorder.header(deadLetter, DeadLetterHeaders.ERROR_CATEGORY)).isEqualTo("VALIDATION");
		assertThat(WorkerRecorder.header(deadLetter, DeadLetterHeaders.ATTEMPTS)).isEqualTo("0");
		assertThat(WorkerRecorder.header(deadLetter, "kafka_dlt-original-topic")).isEqualTo(Topics.CALL_INITIATE);
		assertThat(deadLetter.key()).isEqualTo(command.getCommandId());
		assertThat(deadLetter.value()).isEqualTo(serialize(Topics.CALL_INITIATE, command));
		assertThat(sandbox.createRequests(command.getSdpOffer())).isZero();
	}

	@Test
	void deadLettersAnAcceptWithoutSdp() {
		String callId = inboundCall();
		CallActionCommand accept = action(callId, CallAction.ACCEPT, null);
		send(Topics.CALL_ACTION, callId, accept);
		CommandResult failure = awaitOneResult(accept.getCommandId()).value();
		assertThat(failure.getSucceeded()).isFalse();
		assertThat(failure.getStatus()).isNull();
		assertThat(failure.getCallId()).isEqualTo(callId);
		assertThat(failure.getError().getCategory()).isEqualTo(ErrorCategory.VALIDATION);
		assertThat(awaitOneDeadLetter(accept.getCommandId()).topic()).isEqualTo(Topics.CALL_ACTION_DLT);
	}

	@Test
	void deadLettersAsRejectedWhatVobizRefusesWith422() {
		CallInitiateCommand command = CallInitiateCommand.newBuilder(initiate("+919876543210"))
			.setChannelId(UUID.randomUUID().toString())
			.build();
		send(Topics.CALL_INITIATE, command.getCommandId(), command);
		CommandResult failure = awaitOneResult(command.getCommandId()).value();
		assertThat(failure.getError().getCategory()).isEqualTo(ErrorCategory.REJECTED);
		assertThat(failure.getError().getHttpStatus()).isEqualTo(422);
		assertThat(failure.getError().getCode()).isEqualTo("VALIDATION_ERROR");
		assertThat(failure.getError().getRetryable()).isFalse();
	}

	@Test
	void retriesARateLimitedInitiateAfterItsRetryAfter() {
		sandbox.admin("PUT", "/faults",
				"{\"errors\":[{\"endpoint\":\"initiate\",\"status\":429,\"retry_after_seconds\":1,\"count\":1}]}");
		CallInitiateCommand command = initiate("+919876543210");
		long sent = System.nanoTime();
		send(Topics.CALL_INITIATE, command.getCommandId(), command);
		assertThat(awaitOneResult(command.getCommandId()).value().getStatus()).isEqualTo(CallStatus.INITIATED);
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent)).isGreaterThanOrEqualTo(1000);
		assertThat(sandbox.createRequests(command.getSdpOffer())).isEqualTo(2);
		assertThat(sandbox.callsCreated(command.getSdpOffer())).isEqualTo(1);
	}

	@Test
	void waitsOutAnOutageAndThenSucceeds() {
		sandbox.admin("PUT", "/faults", "{\"outage\":{\"seconds\":2,\"status\":503}}");
		CallInitiateCommand command = initiate("+919876543210");
		send(Topics.CALL_INITIATE, command.getCommandId(), command);
		assertThat(awaitOneResult(command.getCommandId()).value().getStatus()).isEqualTo(CallStatus.INITIATED);
		assertThat(sandbox.callsCreated(command.getSdpOffer())).isEqualTo(1);
		assertThat(recorder.deadLettersOf(command.getCommandId())).isEmpty();
	}

	@Test
	void findsTheCallOfAnUnansweredInitiateInTheLogsInsteadOfDiallingAgain() {
		sandbox.admin("PUT", "/faults",
				"{\"unanswered\":[{\"endpoint\":\"initiate\",\"mode\":\"stall\",\"stall_seconds\":3,\"count\":1}]}");
		CallInitiateCommand command = initiate("+919876543210");
		send(Topics.CALL_INITIATE, command.getCommandId(), command);
		CommandResult result = awaitOneResult(command.getCommandId()).value();
		assertThat(result.getStatus()).isEqualTo(CallStatus.INITIATED);
		assertThat(result.getCallId()).isNotBlank();
		assertThat(sandbox.createRequests(command.getSdpOffer())).isEqualTo(1);
		assertThat(sandbox.callsCreated(command.getSdpOffer())).isEqualTo(1);
	}

	@Test
	void sendsAnUnknownInitiateOnceMoreWhenTheLogsProveItAbsent() {
		sandbox.admin("PUT", "/faults", "{\"errors\":[{\"endpoint\":\"initiate\",\"status\":500,\"count\":1}]}");
		CallInitiateCommand command = initiate("+919876543210");
		send(Topics.CALL_INITIATE, command.getCommandId(), command);
		assertThat(awaitOneResult(command.getCommandId()).value().getStatus()).isEqualTo(CallStatus.INITIATED);
		assertThat(sandbox.createRequests(command.getSdpOffer())).isEqualTo(2);
		assertThat(sandbox.callsCreated(command.getSdpOffer())).isEqualTo(1);
	}

	@Test
	void reEmitsTheRecordedOutcomeOfADuplicateCommandWithoutDiallingAgain() {
		CallInitiateCommand command = initiate("+919876543210");
		send(Topics.CALL_INITIATE, command.getCommandId(), command);
		CommandResult first = awaitOneResult(command.getCommandId()).value();
		send(Topics.CALL_INITIATE, command.getCommandId(), command);
		await().atMost(Duration.ofSeconds(30)).until(() -> recorder.resultsOf(command.getCommandId()).size() == 2);
		CommandResult second = recorder.resultsOf(command.getCommandId()).get(1).value();
		assertThat(second.getResultId()).isEqualTo(first.getResultId());
		assertThat(second.getSucceeded()).isTrue();
		assertThat(second.getStatus()).isEqualTo(CallStatus.INITIATED);
		assertThat(second.getCallId()).isEqualTo(first.getCallId());
		assertThat(sandbox.createRequests(command.getSdpOffer())).isEqualTo(1);
	}

	@Test
	void rebuildsTheResultOfADuplicateWhoseOutcomeWasRecordedAsACallEventWithoutDiallingAgain() {
		CallInitiateCommand command = initiate("+919876543210");
		String callId = "legacy-" + UUID.randomUUID();
		Instant concluded = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
		CallEvent recorded = legacyEvent(command.getCommandId(), concluded).setCallId(callId)
			.setDirection(CallDirection.OUTBOUND)
			.setFrom("+911140001234")
			.setTo(command.getTo())
			.setStatus(CallStatus.INITIATED)
			.setSdpOffer(command.getSdpOffer())
			.build();
		recordLegacyOutcome(command.getCommandId(), RecordedOutcome.State.SUCCEEDED, callId, callId, recorded,
				concluded);
		send(Topics.CALL_INITIATE, command.getCommandId(), command);
		ConsumerRecord<String, CommandResult> rebuilt = awaitOneResult(command.getCommandId());
		assertThat(rebuilt.key()).isEqualTo(callId);
		assertThat(rebuilt.value().getResultId()).isEqualTo(recorded.getEventId());
		assertThat(rebuilt.value().getCommandType()).isEqualTo(CommandType.INITIATE);
		assertThat(rebuilt.value().getSucceeded()).isTrue();
		assertThat(rebuilt.value().getStatus()).isEqualTo(CallStatus.INITIATED);
		assertThat(rebuilt.value().getCallId()).isEqualTo(callId);
		assertThat(rebuilt.value().getFrom()).isEqualTo("+911140001234");
		assertThat(rebuilt.value().getOccurredAt()).isEqualTo(concluded);
		assertThat(rebuilt.value().getAttributes()).containsEntry("ticket", "T-recorded");
		assertThat(sandbox.createRequests(command.getSdpOffer())).isZero();
		send(Topics.CALL_INITIATE, command.getCommandId(), command);
		await().atMost(Duration.ofSeconds(30)).until(() -> recorder.resultsOf(command.getCommandId()).size() == 2);
		assertThat(recorder.resultsOf(command.getCommandId()).get(1).value())
			.as("the rebuilt result was recorded: re-emitted as it is")
			.isEqualTo(rebuilt.value());
		assertThat(sandbox.createRequests(command.getSdpOffer())).isZero();
		assertThat(recorder.deadLettersOf(command.getCommandId())).isEmpty();
	}

	@Test
	void rebuildsTheFailureOfADuplicateWhoseOutcomeWasRecordedAsACallEventWithoutANewDeadLetter() {
		CallInitiateCommand command = initiate("+919876543210");
		Instant concluded = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
		CallEvent recorded = legacyEvent(command.getCommandId(), concluded).setDirection(CallDirection.OUTBOUND)
			.setTo(command.getTo())
			.setStatus(CallStatus.FAILED)
			.setError(CallError.newBuilder()
				.setCategory(ErrorCategory.PERMISSION)
				.setCode("138006")
				.setHttpStatus(403)
				.setMessage("no call permission")
				.build())
			.build();
		recordLegacyOutcome(command.getCommandId(), RecordedOutcome.State.FAILED, null, command.getCommandId(),
				recorded, concluded);
		send(Topics.CALL_INITIATE, command.getCommandId(), command);
		ConsumerRecord<String, CommandResult> rebuilt = awaitOneResult(command.getCommandId());
		assertThat(rebuilt.key()).isEqualTo(command.getCommandId());
		assertThat(rebuilt.value().getSucceeded()).isFalse();
		assertThat(rebuilt.value().getStatus()).isNull();
		assertThat(rebuilt.value().getCallId()).isNull();
		assertThat(rebuilt.value().getError().getCategory()).isEqualTo(ErrorCategory.PERMISSION);
		assertThat(rebuilt.value().getError().getCode()).isEqualTo("138006");
		assertThat(sandbox.createRequests(command.getSdpOffer())).isZero();
		assertThat(recorder.deadLettersOf(command.getCommandId())).isEmpty();
	}

	@Test
	void deadLettersAsPermissionACallTheUserHasNotAllowed() {
		CallInitiateCommand command = initiate("+919800138006");
		send(Topics.CALL_INITIATE, command.getCommandId(), command);
		CommandResult failure = awaitOneResult(command.getCommandId()).value();
		assertThat(failure.getError().getCategory()).isEqualTo(ErrorCategory.PERMISSION);
		assertThat(failure.getError().getCode()).isEqualTo("138006");
		ConsumerRecord<String, byte[]> deadLetter = awaitOneDeadLetter(command.getCommandId());
		assertThat(WorkerRecorder.header(deadLetter, DeadLetterHeaders.ERROR_CATEGORY)).isEqualTo("PERMISSION");
		assertThat(WorkerRecorder.header(deadLetter, DeadLetterHeaders.ERROR_CODE)).isEqualTo("138006");
		assertThat(sandbox.createRequests(command.getSdpOffer())).isEqualTo(1);
	}

	@Test
	void deadLettersAsQuotaACallWhoseNextAllowedTimeIsBeyondTheParkingLimit() {
		CallInitiateCommand command = initiate("+919800138012");
		send(Topics.CALL_INITIATE, command.getCommandId(), command);
		CommandResult failure = awaitOneResult(command.getCommandId()).value();
		assertThat(failure.getError().getCategory()).isEqualTo(ErrorCategory.QUOTA);
		assertThat(failure.getError().getRetryable()).isTrue();
		assertThat(failure.getError().getMessage()).contains("next attempt allowed");
		assertThat(sandbox.createRequests(command.getSdpOffer())).as("no blind re-dial burning the quota").isEqualTo(1);
	}

	@Test
	void deadLettersGarbageBytesAndKeepsProcessingTheNextRecord() throws Exception {
		String key = "garbage-" + UUID.randomUUID();
		byte[] garbage = "definitely not avro".getBytes(StandardCharsets.UTF_8);
		try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.get().bootstrapServers()),
				new StringSerializer(), new ByteArraySerializer())) {
			raw.send(new ProducerRecord<>(Topics.CALL_INITIATE, 0, key, garbage)).get();
		}
		CallInitiateCommand next = initiate("+919876543210");
		producer.send(new ProducerRecord<>(Topics.CALL_INITIATE, 0, next.getCommandId(), next)).get();
		assertThat(awaitOneResult(next.getCommandId()).value().getStatus()).isEqualTo(CallStatus.INITIATED);
		ConsumerRecord<String, byte[]> deadLetter = await().atMost(Duration.ofSeconds(30))
			.until(() -> recorder.deadLetters().stream().filter(r -> key.equals(r.key())).findFirst().orElse(null),
					r -> r != null);
		assertThat(deadLetter.value()).isEqualTo(garbage);
		assertThat(WorkerRecorder.header(deadLetter, DeadLetterHeaders.ERROR_CODE)).isEqualTo("UNDECODABLE");
		assertThat(WorkerRecorder.header(deadLetter, "kafka_dlt-exception-message")).contains("magic byte");
	}

	@Test
	void resolvesAnAcceptWhoseAnswerWasLostFromTheCallsStatusWithoutResendingIt() {
		String callId = inboundCall();
		sandbox.admin("PUT", "/faults",
				"{\"unanswered\":[{\"endpoint\":\"action\",\"mode\":\"stall\",\"stall_seconds\":3,\"count\":1}]}");
		CallActionCommand accept = action(callId, CallAction.ACCEPT, "v=0\r\ns=agent\r\n");
		send(Topics.CALL_ACTION, callId, accept);
		assertThat(awaitOneResult(accept.getCommandId()).value().getStatus()).isEqualTo(CallStatus.ACCEPTED);
		assertThat(this.prometheus.scrape()).contains(
				"callworker_unknown_outcomes_total{application=\"call-worker\",kind=\"action\",resolution=\"found\"}");
		await("the stalled accept, and no second one").during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(5))
			.until(() -> sandbox.actionRequests(callId, "accept") == 1);
	}

	@Test
	void resendsATerminateWhoseAnswerWasLostAndTakesA409AsDone() {
		String callId = inboundCall();
		sandbox.admin("PUT", "/faults", "{\"unanswered\":[{\"endpoint\":\"action\",\"mode\":\"reset\",\"count\":1}]}");
		CallActionCommand terminate = action(callId, CallAction.TERMINATE, null);
		send(Topics.CALL_ACTION, callId, terminate);
		assertThat(awaitOneResult(terminate.getCommandId()).value().getStatus()).isEqualTo(CallStatus.TERMINATED);
		// the first terminate ended the call but lost its answer; the resend met 409,
		// which counts as done
		await("the terminate and its one resend").during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(5))
			.until(() -> sandbox.actionRequests(callId, "terminate") == 2);
		assertThat(sandbox.admin("GET", "/calls/" + callId, null)).contains("\"status\":\"terminated\"");
	}

	@Test
	void neverSendsAnAcceptRequestedLongerAgoThanTheRingingWindowAndReportsItExpired() {
		String callId = inboundCall();
		double actionRequests = vobizRequests("action");
		CallActionCommand late = CallActionCommand.newBuilder(action(callId, CallAction.ACCEPT, "v=0\r\ns=agent\r\n"))
			.setRequestedAt(Instant.now().minusSeconds(45).truncatedTo(ChronoUnit.MILLIS))
			.build();
		send(Topics.CALL_ACTION, callId, late);
		CommandResult failure = awaitOneResult(late.getCommandId()).value();
		assertThat(failure.getSucceeded()).isFalse();
		assertThat(failure.getStatus()).isNull();
		assertThat(failure.getCallId()).isEqualTo(callId);
		assertThat(failure.getError().getCategory()).isEqualTo(ErrorCategory.EXPIRED);
		assertThat(failure.getError().getCode()).isEqualTo("DEADLINE_PASSED");
		assertThat(failure.getError().getRetryable()).isFalse();
		assertThat(failure.getError().getMessage()).contains("requested_at + PT30S").contains("never sent");
		ConsumerRecord<String, byte[]> deadLetter = awaitOneDeadLetter(late.getCommandId());
		assertThat(deadLetter.topic()).isEqualTo(Topics.CALL_ACTION_DLT);
		assertThat(WorkerRecorder.header(deadLetter, DeadLetterHeaders.ERROR_CATEGORY)).isEqualTo("EXPIRED");
		assertThat(WorkerRecorder.header(deadLetter, DeadLetterHeaders.DEADLINE))
			.isEqualTo(late.getRequestedAt().plusSeconds(30).toString());
		assertThat(Long.parseLong(WorkerRecorder.header(deadLetter, DeadLetterHeaders.LATE_MS)))
			.isGreaterThanOrEqualTo(15_000);
		assertThat(WorkerRecorder.header(deadLetter, DeadLetterHeaders.ATTEMPTS)).isEqualTo("0");
		assertThat(vobizRequests("action")).as("action requests sent to Vobiz").isEqualTo(actionRequests);
		assertThat(sandbox.admin("GET", "/calls/" + callId, null)).contains("\"status\":\"ringing\"");
		assertThat(this.prometheus.scrape())
			.contains("callworker_commands_expired_total{application=\"call-worker\",kind=\"action\"}")
			.contains("outcome=\"failed_expired\"");
	}

	@Test
	void neverDialsAnInitiateWhoseExpiresAtPassedBeforeItWasTaken() {
		CallInitiateCommand command = CallInitiateCommand.newBuilder(initiate("+919876543210"))
			.setExpiresAt(Instant.now().minusSeconds(1))
			.build();
		send(Topics.CALL_INITIATE, command.getCommandId(), command);
		ConsumerRecord<String, CommandResult> result = awaitOneResult(command.getCommandId());
		assertThat(result.value().getError().getCategory()).isEqualTo(ErrorCategory.EXPIRED);
		assertThat(result.value().getError().getMessage()).contains("(expires_at)");
		assertThat(result.key()).as("no call: keyed by command id").isEqualTo(command.getCommandId());
		assertThat(WorkerRecorder.header(awaitOneDeadLetter(command.getCommandId()), DeadLetterHeaders.ERROR_CATEGORY))
			.isEqualTo("EXPIRED");
		assertThat(sandbox.createRequests(command.getSdpOffer())).isZero();
	}

	@Test
	void reconcilesToInitiatedAnInitiateWhoseRequestTimedOutAndThenExpired() {
		sandbox.admin("PUT", "/faults",
				"{\"unanswered\":[{\"endpoint\":\"initiate\",\"mode\":\"stall\",\"stall_seconds\":3,\"count\":1}]}");
		CallInitiateCommand command = CallInitiateCommand.newBuilder(initiate("+919876543210"))
			.setExpiresAt(Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.MILLIS))
			.build();
		send(Topics.CALL_INITIATE, command.getCommandId(), command);
		CommandResult result = awaitOneResult(command.getCommandId()).value();
		assertThat(result.getStatus()).as("expiry never hides a placed call").isEqualTo(CallStatus.INITIATED);
		assertThat(result.getCallId()).isNotBlank();
		assertThat(result.getOccurredAt()).as("concluded past the deadline").isAfter(command.getExpiresAt());
		assertThat(sandbox.createRequests(command.getSdpOffer())).isEqualTo(1);
		assertThat(sandbox.callsCreated(command.getSdpOffer())).isEqualTo(1);
		assertThat(recorder.deadLettersOf(command.getCommandId())).isEmpty();
	}

	@Test
	void expiresAnInitiateTheLogsProveAbsentOnceItsDeadlinePassedInsteadOfSendingItAgain() {
		sandbox.admin("PUT", "/faults", "{\"errors\":[{\"endpoint\":\"initiate\",\"status\":500,\"count\":1}]}");
		CallInitiateCommand command = CallInitiateCommand.newBuilder(initiate("+919876543210"))
			.setExpiresAt(Instant.now().plusSeconds(1))
			.build();
		send(Topics.CALL_INITIATE, command.getCommandId(), command);
		CommandResult result = awaitOneResult(command.getCommandId()).value();
		assertThat(result.getError().getCategory()).isEqualTo(ErrorCategory.EXPIRED);
		assertThat(result.getError().getMessage()).contains("1 earlier requests, none applied");
		assertThat(sandbox.createRequests(command.getSdpOffer())).as("the first request only").isEqualTo(1);
		assertThat(sandbox.callsCreated(command.getSdpOffer())).isZero();
	}

	@Test
	void expiresAnInitiateWhoseDeadlinePassesWhileVobizIsOutInsteadOfDiallingItWhenVobizReturns() {
		sandbox.admin("PUT", "/faults", "{\"outage\":{\"seconds\":4,\"status\":503}}");
		CallInitiateCommand command = CallInitiateCommand.newBuilder(initiate("+919876543210"))
			.setExpiresAt(Instant.now().plusMillis(1500))
			.build();
		send(Topics.CALL_INITIATE, command.getCommandId(), command);
		CommandResult result = awaitOneResult(command.getCommandId()).value();
		assertThat(result.getError().getCategory()).isEqualTo(ErrorCategory.EXPIRED);
		assertThat(sandbox.callsCreated(command.getSdpOffer())).isZero();
		int sent = sandbox.createRequests(command.getSdpOffer());
		await().pollDelay(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(sandbox.createRequests(command.getSdpOffer()))
				.as("no request after it expired, when Vobiz is back")
				.isEqualTo(sent));
		assertThat(sandbox.callsCreated(command.getSdpOffer())).isZero();
	}

	@Test
	void exposesCommandOutcomesAndVobizLatencyAsPrometheusMetrics() {
		double appliedBefore = commands("initiate", "applied");
		double requestsBefore = vobizRequests("initiate");
		CallInitiateCommand command = initiate("+919876543210");
		send(Topics.CALL_INITIATE, command.getCommandId(), command);
		awaitOneResult(command.getCommandId());
		// counted by this command, not left by earlier tests: each grew by exactly its
		// one outcome and request
		assertThat(commands("initiate", "applied")).isEqualTo(appliedBefore + 1);
		assertThat(vobizRequests("initiate")).isEqualTo(requestsBefore + 1);
		assertThat(this.prometheus.scrape()).contains("callworker_commands_total")
			.contains("outcome=\"applied\"")
			.contains("callworker_vobiz_requests_seconds_count")
			.contains("endpoint=\"initiate\"")
			.contains("callworker_commands_in_flight")
			.doesNotContain("sandbox-token");
	}

	static CallInitiateCommand initiate(String to) {
		return CallInitiateCommand.newBuilder()
			.setCommandId(UUID.randomUUID().toString())
			.setChannelId(CHANNEL)
			.setTo(to)
			.setSdpOffer("v=0\r\no=- " + UUID.randomUUID() + " 0 IN IP4 0.0.0.0\r\n")
			.setRequestedAt(Instant.now())
			.setAttributes(Map.of("ticket", "T-42"))
			.build();
	}

	static CallActionCommand action(String callId, CallAction action, String sdp) {
		return CallActionCommand.newBuilder()
			.setCommandId(UUID.randomUUID().toString())
			.setChannelId(CHANNEL)
			.setCallId(callId)
			.setAction(action)
			.setSdp(sdp)
			.setRequestedAt(Instant.now())
			.build();
	}

	/** Commands of {@code kind} concluded with {@code outcome} so far. */
	double commands(String kind, String outcome) {
		Counter counter = this.prometheus.find("callworker.commands")
			.tag("kind", kind)
			.tag("outcome", outcome)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	/** Requests the worker sent to Vobiz's {@code endpoint} so far. */
	double vobizRequests(String endpoint) {
		return this.prometheus.find("callworker.vobiz.requests")
			.tag("endpoint", endpoint)
			.timers()
			.stream()
			.mapToDouble(Timer::count)
			.sum();
	}

	static void send(String topic, String key, Object value) {
		try {
			producer.send(new ProducerRecord<>(topic, key, value)).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static byte[] serialize(String topic, Object value) {
		SchemaRegistryAvroSerializer serializer = new SchemaRegistryAvroSerializer();
		serializer.configure(Map.of("schema.registry.url", Infrastructure.get().schemaRegistryUrl()), false);
		return serializer.serialize(topic, value);
	}

	static ConsumerRecord<String, CommandResult> awaitOneResult(String commandId) {
		return recorder.oneResultOf(commandId, Duration.ofSeconds(45));
	}

	/** How many records {@code topic} holds (0 when it does not exist). */
	static long recordsOn(String topic) throws Exception {
		Admin admin = Infrastructure.get().admin();
		if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic)) {
			return 0;
		}
		Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(List.of(topic))
			.allTopicNames()
			.get(10, TimeUnit.SECONDS)
			.get(topic)
			.partitions()
			.stream()
			.collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
		return admin.listOffsets(latest)
			.all()
			.get(10, TimeUnit.SECONDS)
			.values()
			.stream()
			.mapToLong(ListOffsetsResultInfo::offset)
			.sum();
	}

	/**
	 * A CallEvent as the worker recorded it (and published it on call.events) before
	 * call.command-results.
	 */
	static CallEvent.Builder legacyEvent(String commandId, Instant concluded) {
		return CallEvent.newBuilder()
			.setEventId(UUID.nameUUIDFromBytes(("worker:" + commandId).getBytes(StandardCharsets.UTF_8)).toString())
			.setCommandId(commandId)
			.setChannelId(CHANNEL)
			.setSource(EventSource.WORKER)
			.setOccurredAt(concluded)
			.setAttributes(Map.of("ticket", "T-recorded"));
	}

	/**
	 * Writes an outcome as a worker of the previous version did — codec format 1 holding
	 * the CallEvent's bytes as serialized for call.events — and waits until this worker's
	 * outcome mirror has it.
	 */
	void recordLegacyOutcome(String commandId, RecordedOutcome.State state, String callId, String key, CallEvent event,
			Instant recordedAt) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(1);
			out.writeByte(state.ordinal());
			out.writeLong(recordedAt.toEpochMilli());
			// source null (as in records older than it): it must not match the
			// duplicate's record, whatever its offset
			for (String value : new String[] { callId, key, null }) {
				out.writeBoolean(value != null);
				if (value != null) {
					out.writeUTF(value);
				}
			}
			byte[] eventBytes = serialize(Topics.CALL_EVENTS, event);
			out.writeInt(eventBytes.length);
			out.write(eventBytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.get().bootstrapServers()),
				new StringSerializer(), new ByteArraySerializer())) {
			raw.send(new ProducerRecord<>(this.settings.idempotency().topic(), commandId, bytes.toByteArray())).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> this.outcomes.find(commandId).isPresent());
	}

	static ConsumerRecord<String, byte[]> awaitOneDeadLetter(String commandId) {
		return recorder.oneDeadLetterOf(commandId, Duration.ofSeconds(30));
	}

	String inboundCall() {
		String body = sandbox.admin("POST", "/inbound-calls", "{\"channel_id\":\"" + CHANNEL
				+ "\",\"from\":\"+918888888888\",\"sdp_offer\":\"v=0\\r\\ns=user\\r\\n\"}");
		return JsonPath.read(body, "$.call_id");
	}

}
