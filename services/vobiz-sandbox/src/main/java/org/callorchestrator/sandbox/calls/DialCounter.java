package org.callorchestrator.sandbox.calls;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

/**
 * The duplicate-dial detector: per SDP offer, how many create requests arrived and how
 * many calls they created. An offer is unique per intended call, so more than one call
 * for an offer is a double dial. Also when the last request arrived and the last call was
 * created (epoch milliseconds, 0 for never), so that a test can tell whether a command
 * reached Vobiz after a given time (e.g. past its deadline). Thread-safe.
 */
@Component
public class DialCounter {

	private final Map<String, Counts> byOffer = new ConcurrentHashMap<>();

	private final AtomicLong callsCreated = new AtomicLong();

	public void requested(String offer) {
		Counts counts = counts(offer);
		counts.requests.incrementAndGet();
		counts.lastRequestMillis.set(System.currentTimeMillis());
	}

	public void created(String offer) {
		Counts counts = counts(offer);
		counts.created.incrementAndGet();
		counts.lastCreatedMillis.set(System.currentTimeMillis());
		this.callsCreated.incrementAndGet();
	}

	public Map<String, Object> of(String offer) {
		Counts counts = this.byOffer.get(offer);
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("sdp_offer", offer);
		json.put("create_requests", (counts != null) ? counts.requests.get() : 0);
		json.put("calls_created", (counts != null) ? counts.created.get() : 0);
		json.put("last_request_at", (counts != null) ? counts.lastRequestMillis.get() : 0);
		json.put("last_created_at", (counts != null) ? counts.lastCreatedMillis.get() : 0);
		return json;
	}

	/** Offers that created more than one call. */
	public Map<String, Object> duplicates() {
		List<Map<String, Object>> items = new ArrayList<>();
		this.byOffer.forEach((offer, counts) -> {
			if (counts.created.get() > 1) {
				items.add(Map.of("sdp_offer", offer, "calls_created", counts.created.get()));
			}
		});
		return Map.of("items", items, "total_calls_created", this.callsCreated.get(), "offers", this.byOffer.size());
	}

	public void clear() {
		this.byOffer.clear();
		this.callsCreated.set(0);
	}

	private Counts counts(String offer) {
		return this.byOffer.computeIfAbsent(offer, o -> new Counts());
	}

	static final class Counts {

		final AtomicInteger requests = new AtomicInteger();

		final AtomicInteger created = new AtomicInteger();

		final AtomicLong lastRequestMillis = new AtomicLong();

		final AtomicLong lastCreatedMillis = new AtomicLong();

	}

}
