package org.callorchestrator.statecheck;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.callorchestrator.bench.AvroTail;
import org.callorchestrator.bench.PollingThread;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CallState;
import org.callorchestrator.schema.CommandResult;
import org.callorchestrator.schema.Topics;

/**
 * Everything the check looks at, read as a consumer team reads it (read_committed, every
 * partition from its beginning, one thread): the command results, the ingress's
 * observations (when each webhook was published), the canonical transitions (when each
 * became readable) and the snapshots. Thread-safe to query while it reads.
 */
final class Ledger implements AutoCloseable {

	/** A canonical transition and the wall-clock time it was read. */
	record Transition(CallEvent event, long readAtMillis, int partition) {
	}

	private final Map<String, List<Transition>> transitions = new ConcurrentHashMap<>();

	private final Map<String, List<CommandResult>> results = new ConcurrentHashMap<>();

	/** (call_id, status) → the earliest publish time of a webhook observation of it. */
	private final Map<String, Long> observedAt = new ConcurrentHashMap<>();

	private final Map<String, CallState> states = new ConcurrentHashMap<>();

	private final PollingThread<String, byte[]> reader;

	Ledger(String bootstrapServers, String registryUrl) {
		this.reader = AvroTail.fromTheBeginning("ledger", bootstrapServers, registryUrl, List
			.of(Topics.CALL_COMMAND_RESULTS, Topics.WEBHOOK_OBSERVATIONS, Topics.CALL_EVENTS, Topics.CALL_STATE),
				(record, value) -> {
					long now = System.currentTimeMillis();
					switch (record.topic()) {
						case Topics.CALL_EVENTS -> this.transitions
							.computeIfAbsent(record.key(), k -> Collections.synchronizedList(new ArrayList<>()))
							.add(new Transition((CallEvent) value, now, record.partition()));
						case Topics.CALL_COMMAND_RESULTS -> {
							CommandResult result = (CommandResult) value;
							this.results.computeIfAbsent(result.getCommandId(), k -> new ArrayList<>(1)).add(result);
						}
						case Topics.WEBHOOK_OBSERVATIONS -> {
							CallEvent observed = (CallEvent) value;
							if (observed.getCallId() != null && observed.getStatus() != null) {
								this.observedAt.merge(observed.getCallId() + "/" + observed.getStatus(),
										record.timestamp(), Math::min);
							}
						}
						case Topics.CALL_STATE -> {
							if (value != null) {
								this.states.put(record.key(), (CallState) value);
							}
						}
						default -> {
						}
					}
				});
	}

	List<Transition> transitions(String callId) {
		List<Transition> seen = this.transitions.get(callId);
		if (seen == null) {
			return List.of();
		}
		synchronized (seen) {
			return List.copyOf(seen);
		}
	}

	List<CommandResult> results(String commandId) {
		return this.results.getOrDefault(commandId, List.of());
	}

	CommandResult result(String commandId) {
		List<CommandResult> found = results(commandId);
		return found.isEmpty() ? null : found.get(0);
	}

	CallState state(String callId) {
		return this.states.get(callId);
	}

	/**
	 * When the ingress published its first observation of {@code callId} in
	 * {@code status}, or null.
	 */
	Long observedAt(String callId, String status) {
		return this.observedAt.get(callId + "/" + status);
	}

	/** How many calls have at least one transition. */
	long callsWithTransitions(List<String> callIds) {
		return callIds.stream().filter(id -> !transitions(id).isEmpty()).count();
	}

	Map<String, Long> transitionsBySource() {
		return this.transitions.values()
			.stream()
			.flatMap(list -> List.copyOf(list).stream())
			.collect(Collectors.groupingBy(t -> String.valueOf(t.event().getSource()), Collectors.counting()));
	}

	@Override
	public void close() {
		this.reader.close();
	}

}
