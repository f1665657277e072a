package org.callorchestrator.state.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CallState;
import org.callorchestrator.schema.CallStatus;
import org.callorchestrator.state.machine.CallStateMachine;
import org.callorchestrator.state.machine.Observation;
import org.callorchestrator.state.machine.Statuses;
import org.callorchestrator.state.machine.Step;
import org.callorchestrator.state.metrics.StateMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each observation of a call to its snapshot in the {@link StoreNames#CALLS}
 * store and forwards the transitions and the new snapshot. Every {@code sweepInterval}
 * (wall clock) it forgets calls that ended more than {@code retention} ago (store delete,
 * {@code call.state} tombstone) and counts the open ones. Runs on a stream thread, one
 * instance per task: no locking.
 */
final class CallProcessor implements Processor<String, Observation, String, Output> {

	private static final Logger log = LoggerFactory.getLogger(CallProcessor.class);

	private final CallStateMachine machine = new CallStateMachine();

	private final StateMetrics metrics;

	private final Duration retention;

	private final Duration sweepInterval;

	private ProcessorContext<String, Output> context;

	private KeyValueStore<String, CallState> calls;

	CallProcessor(StateMetrics metrics, Duration retention, Duration sweepInterval) {
		this.metrics = metrics;
		this.retention = retention;
		this.sweepInterval = sweepInterval;
	}

	@Override
	public void init(ProcessorContext<String, Output> context) {
		this.context = context;
		this.calls = context.getStateStore(StoreNames.CALLS);
		context.schedule(this.sweepInterval, PunctuationType.WALL_CLOCK_TIME, this::sweep);
	}

	@Override
	public void process(Record<String, Observation> record) {
		Observation observation = record.value();
		if (!observation.callId().equals(record.key())) {
			log.warn("Skipping an observation of call {} keyed {}: its input topic is keyed by something else",
					observation.callId(), record.key());
			this.metrics.invalid(observation.source());
			return;
		}
		Instant now = Instant.ofEpochMilli(this.context.currentSystemTimeMs());
		this.metrics.inputLag(observation.source(),
				Duration.ofMillis(Math.max(0, now.toEpochMilli() - record.timestamp())));
		CallState current = this.calls.get(record.key());
		if (current == null && observation.occurredAt().isBefore(now.minus(this.retention))) {
			this.metrics.expired(observation.source());
			return;
		}
		Step step = this.machine.apply(current, observation, now);
		switch (step.verdict()) {
			case DUPLICATE -> this.metrics.duplicate(observation.source());
			case LATE -> this.metrics.late(observation.source());
			case INVALID -> this.metrics.invalid(observation.source());
			case APPLIED, FACTS_ONLY -> {
			}
		}
		if (!step.changed()) {
			return;
		}
		this.calls.put(record.key(), step.state());
		List<CallEvent> transitions = step.transitions();
		for (int i = 0; i < transitions.size(); i++) {
			CallEvent transition = transitions.get(i);
			this.context.forward(
					record.withValue((Output) new Output.Transition(transition)).withTimestamp(record.timestamp()));
			this.metrics.transition(transition.getStatus(), transition.getSource(), i < step.filled());
		}
		this.context.forward(record.withValue((Output) new Output.Snapshot(step.state())));
	}

	private void sweep(long nowMs) {
		Instant horizon = Instant.ofEpochMilli(nowMs).minus(this.retention);
		Map<CallStatus, Long> open = new EnumMap<>(CallStatus.class);
		List<String> forget = new ArrayList<>();
		try (KeyValueIterator<String, CallState> all = this.calls.all()) {
			while (all.hasNext()) {
				KeyValue<String, CallState> entry = all.next();
				CallState call = entry.value;
				if (!Statuses.terminal(call.getStatus())) {
					open.merge(call.getStatus(), 1L, Long::sum);
				}
				else if (((call.getEndedAt() != null) ? call.getEndedAt() : call.getUpdatedAt()).isBefore(horizon)) {
					forget.add(entry.key);
				}
			}
		}
		for (String callId : forget) {
			this.calls.delete(callId);
			this.context.forward(new Record<>(callId, (Output) new Output.Snapshot(null), nowMs));
		}
		this.metrics.forgotten(forget.size());
		this.metrics.openCalls(this.context.taskId().toString(), open);
	}

	@Override
	public void close() {
		this.metrics.taskClosed(this.context.taskId().toString());
	}

}
