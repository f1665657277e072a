package org.callorchestrator.poller;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the poller emitted, for the rows a scan can read again: the newest version of each
 * row created since the last scan's floor, and of every row that <b>can still change</b>
 * — a live status, or a final one reached less than {@code poller.settle-time} ago —
 * whatever its age up to {@code poller.overlap}. Lets a scan suppress versions already
 * emitted, tells how far down the next scan must read ({@link #oldestChangeable}), which
 * rows it must look up instead ({@link #deep}), and which expected rows a scan did not
 * see (gaps). Bounded by the rows that can still change plus one scan's window, whatever
 * the history length. Used by the poller thread only.
 */
final class KnownVersions {

	/**
	 * Final rows below the window remembered for drift duplicates during a backfill: a
	 * bounded, recent set.
	 */
	static final int RECENT_FINAL_ROWS = 50_000;

	/**
	 * Where a row was last seen in the unfiltered listing is unknown (rebuilt from
	 * call.logs).
	 */
	static final long NO_OFFSET = -1;

	private final Map<String, Known> versions = new HashMap<>();

	private final Map<String, Boolean> recentFinal = new LinkedHashMap<>(1024, 0.75f, false) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
			return size() > RECENT_FINAL_ROWS;
		}
	};

	/** Whether (id, updatedAt) is newer than what was emitted for id. */
	boolean isNew(String id, Instant updatedAt) {
		Known known = this.versions.get(id);
		return known == null || micros(updatedAt) > known.updated;
	}

	/**
	 * For a row that cannot change any more, met by a backfill below the overlap window:
	 * whether this scan has not emitted it yet. Only the last {@value #RECENT_FINAL_ROWS}
	 * such rows are kept — enough for the rows new calls push onto later pages during one
	 * scan — so a backfill of any length stays in bounded memory.
	 */
	boolean isNewFinal(String id, Instant updatedAt) {
		return !this.recentFinal.containsKey(id) && isNew(id, updatedAt);
	}

	boolean contains(String id) {
		return this.versions.containsKey(id);
	}

	void rememberFinal(String id) {
		this.recentFinal.put(id, Boolean.TRUE);
	}

	/**
	 * A version read (emitted or not), with where the unfiltered listing showed it
	 * ({@link #NO_OFFSET}: elsewhere).
	 */
	void remember(String id, Instant createdAt, Instant updatedAt, String status, long offset, long total) {
		remember(id, createdAt.toEpochMilli(), micros(updatedAt), status);
		if (offset != NO_OFFSET) {
			Known known = this.versions.get(id);
			known.offset = offset;
			known.total = total;
		}
	}

	/**
	 * As {@link #remember}, position unknown (a version read back from call.logs):
	 * {@code created_at} in epoch milliseconds (call.logs' precision, so every comparison
	 * of creation times is made in milliseconds), {@code updated_at} in microseconds
	 * (Vobiz's: two versions can share a millisecond).
	 */
	void remember(String id, long createdAtMillis, long updatedAtMicros, String status) {
		Known known = this.versions.get(id);
		if (known == null) {
			this.versions.put(id, new Known(id, createdAtMillis, updatedAtMicros, status));
		}
		else if (updatedAtMicros > known.updated) {
			known.updated = updatedAtMicros;
			known.status = status;
		}
	}

	/**
	 * The oldest {@code created_at} (millis) of a row that can still change and is
	 * tracked by the scan's walk (created at or after {@code deepBefore}), or
	 * {@code Long.MAX_VALUE} when none.
	 */
	long oldestChangeable(long deepBefore, long settledBefore) {
		long oldest = Long.MAX_VALUE;
		for (Known known : this.versions.values()) {
			if (known.created >= deepBefore && known.changeable(settledBefore) && known.created < oldest) {
				oldest = known.created;
			}
		}
		return oldest;
	}

	/**
	 * Rows that can still change, created in [{@code expiredBefore}, {@code deepBefore}):
	 * looked up one by one.
	 */
	List<Known> deep(long expiredBefore, long deepBefore, long settledBefore) {
		List<Known> deep = new ArrayList<>();
		for (Known known : this.versions.values()) {
			if (known.created >= expiredBefore && known.created < deepBefore && known.changeable(settledBefore)) {
				deep.add(known);
			}
		}
		return deep;
	}

	/**
	 * Rows that can still change (live, or final for less than the settle time), created
	 * since {@code expiredBefore}.
	 */
	int changeable(long expiredBefore, long settledBefore) {
		int count = 0;
		for (Known known : this.versions.values()) {
			if (known.created >= expiredBefore && known.changeable(settledBefore)) {
				count++;
			}
		}
		return count;
	}

	/** Ids created within [from, to] that {@code seen} lacks. */
	List<String> missing(long from, long to, Set<String> seen) {
		List<String> missing = new ArrayList<>();
		for (Known known : this.versions.values()) {
			if (known.created >= from && known.created <= to && !seen.contains(known.id)) {
				missing.add(known.id);
			}
		}
		return missing;
	}

	/**
	 * Forgets the rows no scan will read again: created before {@code floor} and unable
	 * to change, or created before {@code expiredBefore} (older than
	 * {@code poller.overlap}: assumed settled whatever their status).
	 */
	int forget(long floor, long expiredBefore, long settledBefore) {
		int before = this.versions.size();
		this.versions.values()
			.removeIf(v -> v.created < expiredBefore || (v.created < floor && !v.changeable(settledBefore)));
		return before - this.versions.size();
	}

	void forget(String id) {
		this.versions.remove(id);
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

	/** The newest version emitted of one row, and where it was last seen. */
	static final class Known {

		final String id;

		/** {@code created_at}, epoch millis. */
		final long created;

		/** {@code updated_at}, epoch micros. */

		long updated;

		String status;

		/**
		 * Index in the unfiltered newest-first listing when last seen there, and that
		 * listing's total then.
		 */
		long offset = NO_OFFSET;

		long total;

		Known(String id, long created, long updated, String status) {
			this.id = id;
			this.created = created;
			this.updated = updated;
			this.status = status;
		}

		boolean isFinal() {
			return CallLogRecords.TERMINAL.contains(this.status);
		}

		/** Live, or final since after {@code settledBefore}: its row may still change. */
		boolean changeable(long settledBefore) {
			return !isFinal() || this.updated >= settledBefore;
		}

		/**
		 * Where the row should be now, rows being added only at the top: its last index
		 * plus the rows added since.
		 */
		long predictedOffset(long totalNow) {
			return (this.offset == NO_OFFSET) ? NO_OFFSET : this.offset + Math.max(0, totalNow - this.total);
		}

	}

}
