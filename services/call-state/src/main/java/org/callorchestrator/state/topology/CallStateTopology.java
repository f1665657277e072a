package org.callorchestrator.state.topology;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CallLogRecord;
import org.callorchestrator.schema.CallState;
import org.callorchestrator.schema.CommandResult;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.state.StateSettings;
import org.callorchestrator.state.machine.Observation;
import org.callorchestrator.state.metrics.StateMetrics;

/**
 * The topology, in two parts joined by Kafka Streams' own repartition topics:
 * <ol>
 * <li><b>by wacid</b>: the ingress's observations it could not key by call
 * ({@code call_id} null, keyed by the wacid) and every call-log row's (wacid, call_id)
 * pair, repartitioned by wacid ({@code <app>-by-wacid-repartition}) into the
 * {@link WacidProcessor}, which forwards each observation once its call is known,
 * repartitioned by call_id ({@code <app>-mapped-repartition});</li>
 * <li><b>by call</b>: command results, observations and call-log rows (all keyed by
 * call_id, so their partitions line up: the three topics must have one partition count)
 * and the mapped observations, into the {@link CallProcessor}, which writes
 * {@code call.events} and {@code call.state}.</li>
 * </ol>
 */
public final class CallStateTopology {

	private final StateSettings settings;

	private final StateMetrics metrics;

	private final Serde<String> strings = Serdes.String();

	private final Serde<CallEvent> events;

	private final Serde<CommandResult> results;

	private final Serde<CallLogRecord> logs;

	private final Serde<CallState> states;

	public CallStateTopology(StateSettings settings, StateMetrics metrics, RecordSerdes serdes) {
		this.settings = settings;
		this.metrics = metrics;
		this.events = serdes.of(CallEvent.class);
		this.results = serdes.of(CommandResult.class);
		this.logs = serdes.of(CallLogRecord.class);
		this.states = serdes.of(CallState.class);
	}

	public void build(StreamsBuilder builder) {
		builder.addStateStore(
				Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.CALLS), this.strings, this.states)
					.withCachingDisabled());
		builder.addStateStore(Stores
			.timestampedKeyValueStoreBuilder(Stores.persistentTimestampedKeyValueStore(StoreNames.WACID_CALLS),
					this.strings, this.strings)
			.withCachingDisabled());
		builder.addStateStore(Stores
			.timestampedKeyValueStoreBuilder(Stores.persistentTimestampedKeyValueStore(StoreNames.UNMAPPED),
					this.strings, this.events)
			.withCachingDisabled());

		KStream<String, CommandResult> results = builder.stream(Topics.CALL_COMMAND_RESULTS,
				Consumed.with(this.strings, this.results).withName("command-results"));
		KStream<String, CallEvent> observed = builder.stream(Topics.WEBHOOK_OBSERVATIONS,
				Consumed.with(this.strings, this.events).withName("webhook-observations"));
		KStream<String, CallLogRecord> logged = builder.stream(Topics.CALL_LOGS,
				Consumed.with(this.strings, this.logs).withName("call-logs"));

		KStream<String, CallEvent> mapped = observed
			.filter((key, event) -> event != null && event.getCallId() == null && event.getMetaCallId() != null,
					Named.as("unmapped-observations"))
			.selectKey((key, event) -> event.getMetaCallId(), Named.as("key-by-wacid"))
			.merge(logged.filter((key, row) -> row != null && row.getMetaCallId() != null, Named.as("rows-with-wacid"))
				.map((key, row) -> KeyValue.pair(row.getMetaCallId(), Observations.mapping(row)),
						Named.as("wacid-pairs")),
					Named.as("by-wacid-inputs"))
			.repartition(Repartitioned.with(this.strings, this.events).withName("by-wacid"))
			.process(
					() -> new WacidProcessor(this.metrics, this.settings.unmappedHold(),
							this.settings.finishedRetention().plus(this.settings.unmappedHold()),
							this.settings.sweepInterval()),
					Named.as("wacid-mapping"), StoreNames.WACID_CALLS, StoreNames.UNMAPPED)
			.repartition(Repartitioned.with(this.strings, this.events).withName("mapped"));

		KStream<String, Observation> observations = results
			.filter((key, result) -> Observations.aboutACall(result), Named.as("results-about-calls"))
			.mapValues(Observations::of, Named.as("result-observations"))
			.merge(observed
				.filter((key, event) -> event != null && event.getCallId() != null, Named.as("mapped-observations"))
				.mapValues(Observations::of, Named.as("webhook-observations-as-observations")),
					Named.as("with-webhooks"))
			.merge(logged.filter((key, row) -> row != null, Named.as("rows"))
				.mapValues(Observations::of, Named.as("row-observations")), Named.as("with-logs"))
			.merge(mapped.mapValues(Observations::of, Named.as("late-mapped-observations")), Named.as("with-mapped"));

		KStream<String, Output> outputs = observations.process(
				() -> new CallProcessor(this.metrics, this.settings.finishedRetention(), this.settings.sweepInterval()),
				Named.as("call-state-machine"), StoreNames.CALLS);
		outputs.filter((key, out) -> out instanceof Output.Transition, Named.as("transitions"))
			.mapValues(out -> ((Output.Transition) out).event(), Named.as("transition-events"))
			.to(Topics.CALL_EVENTS, Produced.with(this.strings, this.events).withName("call-events"));
		outputs.filter((key, out) -> out instanceof Output.Snapshot, Named.as("snapshots"))
			.mapValues(out -> ((Output.Snapshot) out).state(), Named.as("snapshot-states"))
			.to(Topics.CALL_STATE, Produced.with(this.strings, this.states).withName("call-state"));
	}

}
