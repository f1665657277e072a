package org.callorchestrator.sandbox.calls;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.stereotype.Component;

/**
 * The W3C {@code traceparent} header each Calls API request about a call carried, per
 * call and request ({@code initiate}, or the action: {@code accept}, {@code terminate},
 * …), in arrival order: a test can tell that a command's trace reached Vobiz. Requests
 * without the header are not listed. Recorded once the request is valid and authenticated
 * (an initiate once its call exists). Thread-safe.
 */
@Component
public class ReceivedTraces {

	static final String HEADER = "traceparent";

	private final Map<String, Map<String, List<String>>> byCall = new ConcurrentHashMap<>();

	void received(String callId, String request, String traceparent) {
		if (traceparent == null || traceparent.isBlank()) {
			return;
		}
		this.byCall.computeIfAbsent(callId, id -> new ConcurrentHashMap<>())
			.computeIfAbsent(request, r -> new CopyOnWriteArrayList<>())
			.add(traceparent);
	}

	/**
	 * The traceparents received for {@code callId}, by request; empty when none came.
	 */
	public Map<String, List<String>> of(String callId) {
		return new TreeMap<>(this.byCall.getOrDefault(callId, Map.of()));
	}

	public void clear() {
		this.byCall.clear();
	}

}
