package org.callorchestrator.sandbox.calls;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;

/**
 * How many action requests ({@code POST /calls/whatsapp/action}) arrived per call and
 * action, whatever became of them (applied, refused, or left unanswered by a fault): a
 * test can tell that a command was not sent again, or was. Counted once the request is
 * valid and authenticated. Thread-safe.
 */
@Component
public class ActionRequests {

	private final Map<String, Map<String, AtomicInteger>> byCall = new ConcurrentHashMap<>();

	public void received(String callId, String action) {
		this.byCall.computeIfAbsent(callId, id -> new ConcurrentHashMap<>())
			.computeIfAbsent(action, a -> new AtomicInteger())
			.incrementAndGet();
	}

	/**
	 * Requests per action ({@code accept}, {@code terminate}, …) for {@code callId};
	 * empty when none arrived.
	 */
	public Map<String, Integer> of(String callId) {
		Map<String, Integer> counts = new TreeMap<>();
		this.byCall.getOrDefault(callId, Map.of()).forEach((action, count) -> counts.put(action, count.get()));
		return counts;
	}

	public void clear() {
		this.byCall.clear();
	}

}
