package org.callorchestrator.reliability;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.callorchestrator.bench.AvroTail;
import org.callorchestrator.bench.PollingThread;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.Topics;

/**
 * Follows call-state's {@code call.events} live (read_committed, from its end when
 * started): per call, the statuses of its transitions as they arrive. It tells a scenario
 * when to crash call-state and when it has caught up; the verdict itself reads the topic
 * again from its beginning.
 */
final class TransitionWatcher implements AutoCloseable {

	private final Map<String, List<String>> byCall = new ConcurrentHashMap<>();

	private final Map<String, Long> lastSeenNanos = new ConcurrentHashMap<>();

	private final PollingThread<String, byte[]> reader;

	TransitionWatcher(String bootstrapServers, String registryUrl) {
		this.reader = AvroTail.fromTheEnd("transition-watcher", bootstrapServers, registryUrl,
				List.of(Topics.CALL_EVENTS), (record, value) -> {
					CallEvent transition = (CallEvent) value;
					if (transition != null && transition.getCallId() != null) {
						this.byCall.computeIfAbsent(transition.getCallId(), id -> new CopyOnWriteArrayList<>())
							.add(String.valueOf(transition.getStatus()));
						this.lastSeenNanos.put(transition.getCallId(), System.nanoTime());
					}
				});
	}

	/** How many of {@code callIds} have at least one transition. */
	long started(Collection<String> callIds) {
		return callIds.stream().filter(this.byCall::containsKey).count();
	}

	/** Transitions seen of {@code callIds}. */
	long transitions(Collection<String> callIds) {
		return callIds.stream().mapToLong(id -> this.byCall.getOrDefault(id, List.of()).size()).sum();
	}

	/** The status of the call's latest transition seen, or null. */
	String lastStatus(String callId) {
		List<String> statuses = this.byCall.get(callId);
		return (statuses == null || statuses.isEmpty()) ? null : statuses.get(statuses.size() - 1);
	}

	/**
	 * {@link System#nanoTime()} of the latest transition of any of {@code callIds}, or 0.
	 */
	long lastArrivalNanos(Collection<String> callIds) {
		return callIds.stream().mapToLong(id -> this.lastSeenNanos.getOrDefault(id, 0L)).max().orElse(0);
	}

	@Override
	public void close() {
		this.reader.close();
	}

}
