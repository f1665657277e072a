package org.callorchestrator.state.topology;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.callorchestrator.schema.CallAction;
import org.callorchestrator.schema.CallDirection;
import org.callorchestrator.schema.CallError;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CallLogRecord;
import org.callorchestrator.schema.CallState;
import org.callorchestrator.schema.CallStatus;
import org.callorchestrator.schema.CommandResult;
import org.callorchestrator.schema.CommandType;
import org.callorchestrator.schema.ErrorCategory;
import org.callorchestrator.schema.EventSource;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.state.StateSettings;
import org.callorchestrator.state.metrics.StateMetrics;

import static org.callorchestrator.testing.TestCommands.CHANNEL_ID;

/**
 * The call-state topology in a {@code TopologyTestDriver}, with its inputs, outputs,
 * store and meters at hand.
 */
final class CallStateDriver implements AutoCloseable {

	static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

	final MeterRegistry meters = new SimpleMeterRegistry();

	final StateSettings settings = new StateSettings(Duration.ofHours(24), Duration.ofMinutes(15),
			Duration.ofMinutes(1), "127.0.0.1", Duration.ofSeconds(2), new StateSettings.Topics(true, 1, (short) 1));

	private final TopologyTestDriver driver;

	private final TestInputTopic<String, CommandResult> results;

	private final TestInputTopic<String, CallEvent> observations;

	private final TestInputTopic<String, CallLogRecord> logs;

	private final TestInputTopic<String, byte[]> rawObservations;

	private final TestOutputTopic<String, CallEvent> events;

	private final TestOutputTopic<String, CallState> states;

	private final Path stateDir;

	CallStateDriver() throws Exception {
		RecordSerdes serdes = new PlainAvroSerdes();
		StreamsBuilder builder = new StreamsBuilder();
		new CallStateTopology(this.settings, new StateMetrics(this.meters), serdes).build(builder);
		this.stateDir = Files.createTempDirectory("call-state-test");
		Properties config = new Properties();
		config.put(StreamsConfig.APPLICATION_ID_CONFIG, "call-state-test");
		config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
		config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
		config.put(StreamsConfig.STATE_DIR_CONFIG, this.stateDir.toString());
		config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
		this.driver = new TopologyTestDriver(builder.build(), config, T0);
		StringSerializer keys = new StringSerializer();
		this.results = this.driver.createInputTopic(Topics.CALL_COMMAND_RESULTS, keys,
				serdes.of(CommandResult.class).serializer());
		this.observations = this.driver.createInputTopic(Topics.WEBHOOK_OBSERVATIONS, keys,
				serdes.of(CallEvent.class).serializer());
		this.rawObservations = this.driver.createInputTopic(Topics.WEBHOOK_OBSERVATIONS, keys,
				Serdes.ByteArray().serializer());
		this.logs = this.driver.createInputTopic(Topics.CALL_LOGS, keys, serdes.of(CallLogRecord.class).serializer());
		this.events = this.driver.createOutputTopic(Topics.CALL_EVENTS, Serdes.String().deserializer(),
				serdes.of(CallEvent.class).deserializer());
		this.states = this.driver.createOutputTopic(Topics.CALL_STATE, Serdes.String().deserializer(),
				serdes.of(CallState.class).deserializer());
	}

	// ---- inputs

	void result(CommandResult result) {
		this.results.pipeInput((result.getCallId() != null) ? result.getCallId() : result.getCommandId(), result);
	}

	/** A result, its record carrying {@code headers} (e.g. the worker's traceparent). */
	void result(CommandResult result, Headers headers) {
		this.results.pipeInput(new TestRecord<>(result.getCallId(), result, headers));
	}

	void observe(CallEvent observation) {
		observe(observation, new RecordHeaders());
	}

	/** An observation, its record carrying {@code headers}. */
	void observe(CallEvent observation, Headers headers) {
		String key = (observation.getCallId() != null) ? observation.getCallId() : observation.getMetaCallId();
		this.observations.pipeInput(new TestRecord<>(key, observation, headers));
	}

	void log(CallLogRecord row) {
		this.logs.pipeInput(row.getId(), row);
	}

	void garbageObservation(String key) {
		this.rawObservations.pipeInput(key, new byte[] { 0, 0, 0, 0, 42, 1, 2, 3 });
	}

	void advanceWallClock(Duration by) {
		this.driver.advanceWallClockTime(by);
	}

	// ---- outputs

	List<CallEvent> transitions() {
		return this.events.readValuesToList();
	}

	List<TestRecord<String, CallEvent>> transitionRecords() {
		return this.events.readRecordsToList();
	}

	List<TestRecord<String, CallState>> snapshots() {
		return this.states.readRecordsToList();
	}

	CallState stored(String callId) {
		KeyValueStore<String, CallState> store = this.driver.getKeyValueStore(StoreNames.CALLS);
		return store.get(callId);
	}

	double count(String meter, String... tags) {
		var counter = this.meters.find(meter).tags(tags).counter();
		return (counter != null) ? counter.count() : 0;
	}

	@Override
	public void close() {
		this.driver.close();
	}

	// ---- records as the three observers write them

	static String callId() {
		return UUID.randomUUID().toString();
	}

	static CommandResult initiated(String callId, String commandId, Instant at) {
		return CommandResult.newBuilder()
			.setResultId(UUID.randomUUID().toString())
			.setCommandId(commandId)
			.setCommandType(CommandType.INITIATE)
			.setSucceeded(true)
			.setCallId(callId)
			.setChannelId(CHANNEL_ID)
			.setDirection(CallDirection.OUTBOUND)
			.setFrom("+911140001234")
			.setTo("+14155550123")
			.setStatus(CallStatus.INITIATED)
			.setOccurredAt(at)
			.setAttributes(Map.of("ticket", "T-1"))
			.build();
	}

	static CommandResult applied(String callId, String commandId, CallAction action, CallStatus status, Instant at) {
		return CommandResult.newBuilder()
			.setResultId(UUID.randomUUID().toString())
			.setCommandId(commandId)
			.setCommandType(CommandType.ACTION)
			.setAction(action)
			.setSucceeded(true)
			.setCallId(callId)
			.setChannelId(CHANNEL_ID)
			.setDirection(
					(action == CallAction.ACCEPT || action == CallAction.PRE_ACCEPT) ? CallDirection.INBOUND : null)
			.setStatus(status)
			.setOccurredAt(at)
			.build();
	}

	static CommandResult failed(String callId, String commandId, Instant at) {
		return CommandResult.newBuilder()
			.setResultId(UUID.randomUUID().toString())
			.setCommandId(commandId)
			.setCommandType(CommandType.ACTION)
			.setAction(CallAction.TERMINATE)
			.setSucceeded(false)
			.setCallId(callId)
			.setOccurredAt(at)
			.setError(CallError.newBuilder()
				.setCategory(ErrorCategory.REJECTED)
				.setMessage("409 INVALID_CALL_STATE")
				.build())
			.build();
	}

	/**
	 * A webhook observation as the ingress publishes it; {@code callId} null when it
	 * could not tell the call.
	 */
	static CallEvent webhook(String callId, String wacid, CallDirection direction, CallStatus status, Instant at) {
		return CallEvent.newBuilder()
			.setEventId(UUID.randomUUID().toString())
			.setCallId(callId)
			.setMetaCallId(wacid)
			.setDirection(direction)
			.setStatus(status)
			.setSource(EventSource.WEBHOOK)
			.setOccurredAt(at)
			.build();
	}

	static CallLogRecord row(String callId, String wacid, String direction, String status, Instant created) {
		return CallLogRecord.newBuilder()
			.setId(callId)
			.setAccountId("MA_XXXXXXXX")
			.setChannelId(CHANNEL_ID)
			.setMetaCallId(wacid)
			.setDirection(direction)
			.setFromNumber("+918888888888")
			.setToNumber("+911140001234")
			.setStatus(status)
			.setStartedAt(created)
			.setCreatedAt(created)
			.setUpdatedAt(created)
			.setObservedAt(created)
			.setFinal$(false)
			.build();
	}

}
