package org.callorchestrator.state.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.state.metrics.StateMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed by wacid: learns wacid → call_id from call-log rows
 * ({@link Observations#isMapping mappings}) and gives observations the ingress could not
 * key by their call their call_id, forwarding them keyed by it. An observation whose call
 * is not known yet waits in {@link StoreNames#UNMAPPED} until a mapping arrives, at most
 * {@code hold} (then it is dropped, logged and counted); a mapping is kept as long as a
 * finished call's snapshot plus the hold. An observation forwarded as it comes keeps its
 * record's headers (its trace context); one that waited does not: the store holds the
 * observation alone.
 */
final class WacidProcessor implements Processor<String, CallEvent, String, CallEvent> {

	private static final Logger log = LoggerFactory.getLogger(WacidProcessor.class);

	private static final String SEPARATOR = "\u0000";

	private final StringSerializer keys = (StringSerializer) Serdes.String().serializer();

	private final StateMetrics metrics;

	private final Duration hold;

	private final Duration mappingRetention;

	private final Duration sweepInterval;

	private ProcessorContext<String, CallEvent> context;

	private TimestampedKeyValueStore<String, String> mappings;

	private TimestampedKeyValueStore<String, CallEvent> unmapped;

	WacidProcessor(StateMetrics metrics, Duration hold, Duration mappingRetention, Duration sweepInterval) {
		this.metrics = metrics;
		this.hold = hold;
		this.mappingRetention = mappingRetention;
		this.sweepInterval = sweepInterval;
	}

	@Override
	public void init(ProcessorContext<String, CallEvent> context) {
		this.context = context;
		this.mappings = context.getStateStore(StoreNames.WACID_CALLS);
		this.unmapped = context.getStateStore(StoreNames.UNMAPPED);
		context.schedule(this.sweepInterval, PunctuationType.WALL_CLOCK_TIME, this::sweep);
	}

	@Override
	public void process(Record<String, CallEvent> record) {
		String wacid = record.key();
		CallEvent event = record.value();
		if (Observations.isMapping(event)) {
			learn(wacid, event.getCallId(), record.timestamp());
			return;
		}
		ValueAndTimestamp<String> known = this.mappings.get(wacid);
		if (known != null) {
			forward(record.withKey(known.value()), event);
			return;
		}
		this.unmapped.put(wacid + SEPARATOR + event.getEventId(), ValueAndTimestamp.make(event, record.timestamp()));
		this.metrics.unmapped("held");
	}

	private void learn(String wacid, String callId, long timestamp) {
		ValueAndTimestamp<String> known = this.mappings.get(wacid);
		boolean alreadyKnown = known != null && known.value().equals(callId);
		if (!alreadyKnown || known.timestamp() < timestamp - this.hold.toMillis()) {
			this.mappings.put(wacid, ValueAndTimestamp.make(callId, timestamp));
		}
		if (alreadyKnown) {
			// observations of a known wacid are forwarded as they come: none can be
			// waiting (every call-log version
			// of the call lands here, so this skips a store scan per version)
			return;
		}
		List<KeyValue<String, ValueAndTimestamp<CallEvent>>> waiting = new ArrayList<>();
		try (KeyValueIterator<String, ValueAndTimestamp<CallEvent>> held = this.unmapped.prefixScan(wacid + SEPARATOR,
				this.keys)) {
			held.forEachRemaining(waiting::add);
		}
		for (KeyValue<String, ValueAndTimestamp<CallEvent>> entry : waiting) {
			this.unmapped.delete(entry.key);
			forward(new Record<>(callId, entry.value.value(), entry.value.timestamp()), entry.value.value());
		}
	}

	/**
	 * Forwards {@code event} as the observation of the call {@code record} is keyed by,
	 * with the record's headers (an observation forwarded as it comes keeps its trace
	 * context).
	 */
	private void forward(Record<String, CallEvent> record, CallEvent event) {
		CallEvent mapped = CallEvent.newBuilder(event).setCallId(record.key()).build();
		this.context.forward(record.withValue(mapped));
		this.metrics.unmapped("mapped");
	}

	private void sweep(long nowMs) {
		List<String> expired = new ArrayList<>();
		try (KeyValueIterator<String, ValueAndTimestamp<CallEvent>> all = this.unmapped.all()) {
			all.forEachRemaining(entry -> {
				if (entry.value.timestamp() < nowMs - this.hold.toMillis()) {
					expired.add(entry.key);
					log.warn("Dropping a {} observation of wacid {}: no call-log row named its call within {}",
							entry.value.value().getStatus(), entry.value.value().getMetaCallId(), this.hold);
				}
			});
		}
		expired.forEach(key -> {
			this.unmapped.delete(key);
			this.metrics.unmapped("expired");
		});
		List<String> stale = new ArrayList<>();
		try (KeyValueIterator<String, ValueAndTimestamp<String>> all = this.mappings.all()) {
			all.forEachRemaining(entry -> {
				if (entry.value.timestamp() < nowMs - this.mappingRetention.toMillis()) {
					stale.add(entry.key);
				}
			});
		}
		stale.forEach(this.mappings::delete);
	}

}
