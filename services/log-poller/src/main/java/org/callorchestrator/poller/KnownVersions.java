package org.callorchestrator.poller;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The newest version emitted of each log inside the overlap window: id → (created_at, updated_at). Lets a scan
 * suppress versions already emitted, and tells which expected rows a scan did not see (gaps). Bounded by the
 * window: rows created before it are forgotten. Used by the poller thread only.
 */
final class KnownVersions {

	private final Map<String, long[]> versions = new HashMap<>();

	/** Whether (id, updatedAt) is newer than what was emitted for id. */
	boolean isNew(String id, Instant updatedAt) {
		long[] known = this.versions.get(id);
		return known == null || micros(updatedAt) > known[1];
	}

	void remember(String id, Instant createdAt, Instant updatedAt) {
		remember(id, micros(createdAt), micros(updatedAt));
	}

	/** As {@link #remember(String, Instant, Instant)}, in epoch microseconds. */
	void remember(String id, long createdAtMicros, long updatedAtMicros) {
		long[] known = this.versions.get(id);
		if (known == null || updatedAtMicros > known[1]) {
			this.versions.put(id, new long[] { createdAtMicros, updatedAtMicros });
		}
	}

	/** Ids created within [from, to] that {@code seen} lacks. */
	List<String> missing(Instant from, Instant to, Set<String> seen) {
		long low = micros(from);
		long high = micros(to);
		return this.versions.entrySet()
			.stream()
			.filter(e -> e.getValue()[0] >= low && e.getValue()[0] <= high && !seen.contains(e.getKey()))
			.map(Map.Entry::getKey)
			.toList();
	}

	void forgetCreatedBefore(Instant horizon) {
		long limit = micros(horizon);
		this.versions.values().removeIf(v -> v[0] < limit);
	}

	int size() {
		return this.versions.size();
	}

	void clear() {
		this.versions.clear();
	}

	static long micros(Instant instant) {
		return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
	}

}
