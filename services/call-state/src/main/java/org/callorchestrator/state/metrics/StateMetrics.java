package org.callorchestrator.state.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.callorchestrator.schema.CallStatus;
import org.callorchestrator.schema.EventSource;
import org.springframework.stereotype.Component;

/**
 * call-state's meters (Prometheus names in brackets):
 * <ul>
 * <li>{@code callstate.transitions{status,source}} [callstate_transitions_total]:
 * transitions published;</li>
 * <li>{@code callstate.filled{status}}: of those, filled in (proven by a later
 * observation);</li>
 * <li>{@code callstate.duplicates{source}}: observations of a status already reached,
 * collapsed;</li>
 * <li>{@code callstate.late.observations{source}} [callstate_late_observations_total]:
 * observations behind the state, which changed nothing;
 * {@code callstate.invalid.observations{source}}: statuses impossible for the call's
 * direction; {@code callstate.expired.observations{source}}: observations of a call
 * forgotten after its retention;</li>
 * <li>{@code callstate.unmapped{outcome}}: observations keyed by a wacid: held, mapped
 * (applied once a call-log row named the call) or expired (dropped after
 * {@code state.unmapped-hold});</li>
 * <li>{@code callstate.open.calls{status}}: calls not yet terminal, by status (this
 * instance's tasks, refreshed each sweep); {@code callstate.forgotten}: finished calls
 * removed after their retention;</li>
 * <li>{@code callstate.input.lag{source}} (timer, p50/p99): from an input record's
 * timestamp (when its observer produced it) to the state machine applying it — how far
 * behind its inputs call-state runs;</li>
 * <li>{@code callstate.restore} (timer): time to restore a store partition from its
 * changelog; {@code callstate.restoring.partitions}: store partitions restoring now.</li>
 * </ul>
 * Kafka Streams' own meters (commit latency, dropped records, lag) are bound as
 * {@code kafka.stream.*}.
 */
@Component
public class StateMetrics {

	private final MeterRegistry registry;

	private final Map<String, Map<CallStatus, Long>> openByTask = new ConcurrentHashMap<>();

	private final AtomicInteger restoring = new AtomicInteger();

	private final Map<EventSource, Timer> inputLag = new ConcurrentHashMap<>();

	public StateMetrics(MeterRegistry registry) {
		this.registry = registry;
		for (CallStatus status : new CallStatus[] { CallStatus.INITIATED, CallStatus.RINGING, CallStatus.PRE_ACCEPTED,
				CallStatus.ACCEPTED }) {
			Gauge.builder("callstate.open.calls", () -> open(status)).tag("status", status.name()).register(registry);
		}
		Gauge.builder("callstate.restoring.partitions", this.restoring::get).register(registry);
	}

	public void transition(CallStatus status, EventSource source, boolean filled) {
		this.registry.counter("callstate.transitions", "status", status.name(), "source", source.name()).increment();
		if (filled) {
			this.registry.counter("callstate.filled", "status", status.name()).increment();
		}
	}

	/**
	 * How long after its producer wrote it an observation from {@code source} was applied
	 * (every record: cached).
	 */
	public void inputLag(EventSource source, Duration lag) {
		this.inputLag
			.computeIfAbsent(source,
					s -> Timer.builder("callstate.input.lag")
						.tag("source", s.name())
						.publishPercentiles(0.5, 0.99)
						.register(this.registry))
			.record(lag);
	}

	public void duplicate(EventSource source) {
		this.registry.counter("callstate.duplicates", "source", source.name()).increment();
	}

	public void late(EventSource source) {
		this.registry.counter("callstate.late.observations", "source", source.name()).increment();
	}

	public void invalid(EventSource source) {
		this.registry.counter("callstate.invalid.observations", "source", source.name()).increment();
	}

	public void expired(EventSource source) {
		this.registry.counter("callstate.expired.observations", "source", source.name()).increment();
	}

	/**
	 * @param outcome held, mapped or expired
	 */
	public void unmapped(String outcome) {
		this.registry.counter("callstate.unmapped", "outcome", outcome).increment();
	}

	public void forgotten(long calls) {
		this.registry.counter("callstate.forgotten").increment(calls);
	}

	/** This task's open calls by status, as its last sweep counted them. */
	public void openCalls(String task, Map<CallStatus, Long> byStatus) {
		this.openByTask.put(task, new EnumMap<>(byStatus));
	}

	/** The task moved away: its calls are counted by its new owner. */
	public void taskClosed(String task) {
		this.openByTask.remove(task);
	}

	private double open(CallStatus status) {
		return this.openByTask.values().stream().mapToLong(m -> m.getOrDefault(status, 0L)).sum();
	}

	public void restoreStarted() {
		this.restoring.incrementAndGet();
	}

	public void restoreEnded(Duration took) {
		this.restoring.decrementAndGet();
		Timer.builder("callstate.restore").register(this.registry).record(took);
	}

}
