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

	/** Final rows (created before the window) remembered per scan for drift duplicates: a bounded, recent set. */
	static final int RECENT_FINAL_ROWS = 50_000;

	private final Map<String, long[]> versions = new HashMap<>();

	private final Map<String, Boolean> recentFinal = new java.util.LinkedHashMap<>(1024, 0.75f, false) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
			return size() > RECENT_FINAL_ROWS;
		}
	};

	/** Whether (id, updatedAt) is newer than what was emitted for id. */
	boolean isNew(String id, Instant updatedAt) {
		long[] known = this.versions.get(id);
		return known == null || micros(updatedAt) > known[1];
	}

	/**
	 * For a row created before the window (its call ended: it cannot change any more): whether this scan has not
	 * emitted it yet. Only the last {@value #RECENT_FINAL_ROWS} such rows are kept — enough for the rows new calls
	 * push onto later pages during one scan — so a backfill of any length stays in bounded memory.
	 */
	boolean isNewFinal(String id, Instant updatedAt) {
		return !this.recentFinal.containsKey(id) && isNew(id, updatedAt);
	}

	void rememberFinal(String id) {
		this.recentFinal.put(id, Boolean.TRUE);
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
		this.recentFinal.clear();
	}

	static long micros(Instant instant) {
		return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
	}

}
