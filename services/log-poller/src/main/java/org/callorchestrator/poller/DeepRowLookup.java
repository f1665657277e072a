package org.callorchestrator.poller;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.callorchestrator.vobiz.CallLog;
import org.callorchestrator.vobiz.CallLogPage;
import org.callorchestrator.vobiz.CallLogsQuery;

/**
 * Finds the current version of rows that can still change but were created too long ago
 * for the scan's walk from page 1 to reach them cheaply (a long call among short ones):
 * instead of re-reading every row created since, it reads
 * <ol>
 * <li>the {@code status}-filtered listing of each live status those rows last had, newest
 * first, down to the oldest of them — only live calls are on those pages;</li>
 * <li>for a row on none of them (it changed status), the page of the unfiltered listing
 * where it must be now: rows are added only at the top, so its last index plus the rows
 * added since (the listing's {@code total} grew by them); if it is not there, a binary
 * search of the listing by {@code created_at}.</li>
 * </ol>
 * Pages come from {@code pages}, which retries until it has one (null: the poller is
 * stopping). Not thread-safe.
 */
final class DeepRowLookup {

	private final Function<CallLogsQuery, CallLogPage> pages;

	private final int pageSize;

	private final String direction;

	/**
	 * Pages of the unfiltered listing read by this lookup, by number (one lookup per
	 * scan).
	 */
	private final Map<Integer, CallLogPage> read = new HashMap<>();

	private int requests;

	DeepRowLookup(Function<CallLogsQuery, CallLogPage> pages, int pageSize, String direction) {
		this.pages = pages;
		this.pageSize = pageSize;
		this.direction = direction;
	}

	/**
	 * The rows found of {@code deep}, by id, each with its offset in the unfiltered
	 * listing when known (else {@link KnownVersions#NO_OFFSET}); rows absent from the map
	 * were found nowhere. {@code total} is the unfiltered listing's size when the scan
	 * began.
	 */
	Map<String, Found> find(List<KnownVersions.Known> deep, long total) {
		Map<String, Found> found = new HashMap<>();
		Map<String, KnownVersions.Known> wanted = new HashMap<>();
		deep.forEach(known -> wanted.put(known.id, known));
		Set<String> statuses = new TreeSet<>();
		long oldest = Long.MAX_VALUE;
		for (KnownVersions.Known known : deep) {
			if (!known.isFinal()) {
				statuses.add(known.status);
			}
			oldest = Math.min(oldest, known.created);
		}
		for (String status : statuses) {
			if (!byStatus(status, oldest, wanted, found)) {
				return found;
			}
		}
		for (KnownVersions.Known known : deep) {
			if (!found.containsKey(known.id)) {
				Found located = locate(known, total);
				if (located != null) {
					found.put(known.id, located);
				}
			}
		}
		return found;
	}

	/** Requests this lookup made. */
	int requests() {
		return this.requests;
	}

	private boolean byStatus(String status, long oldest, Map<String, KnownVersions.Known> wanted,
			Map<String, Found> found) {
		for (int page = 1;; page++) {
			CallLogPage logs = fetch(new CallLogsQuery(page, this.pageSize, this.direction, status));
			if (logs == null) {
				return false;
			}
			for (CallLog row : logs.items()) {
				if (wanted.containsKey(row.id())) {
					found.put(row.id(), new Found(row, KnownVersions.NO_OFFSET, 0));
				}
			}
			if (!logs.hasMore() || logs.items().isEmpty()
					|| logs.items().get(logs.items().size() - 1).createdAt().toEpochMilli() < oldest) {
				return true;
			}
		}
	}

	private Found locate(KnownVersions.Known known, long total) {
		long predicted = known.predictedOffset(total);
		if (predicted != KnownVersions.NO_OFFSET) {
			int page = (int) (predicted / this.pageSize) + 1;
			for (int candidate : new int[] { page, page + 1, page - 1 }) {
				Found found = onPage(candidate, known.id);
				if (found != null) {
					return found;
				}
			}
		}
		int low = 1;
		int high = (int) Math.max(1, (total + this.pageSize - 1) / this.pageSize);
		while (low <= high) {
			int middle = (low + high) >>> 1;
			CallLogPage logs = unfiltered(middle);
			if (logs == null || logs.items().isEmpty()) {
				high = middle - 1;
				continue;
			}
			Found found = find(logs, middle, known.id);
			if (found != null) {
				return found;
			}
			long newest = logs.items().get(0).createdAt().toEpochMilli();
			long oldest = logs.items().get(logs.items().size() - 1).createdAt().toEpochMilli();
			if (known.created > newest) {
				high = middle - 1;
			}
			else if (known.created < oldest) {
				low = middle + 1;
			}
			else {
				// within this page's range yet absent: a neighbour, after rows moved down
				// or tie on created_at
				for (int neighbour : new int[] { middle + 1, middle - 1 }) {
					found = onPage(neighbour, known.id);
					if (found != null) {
						return found;
					}
				}
				return null;
			}
		}
		return null;
	}

	private Found onPage(int page, String id) {
		if (page < 1) {
			return null;
		}
		CallLogPage logs = unfiltered(page);
		return (logs != null) ? find(logs, page, id) : null;
	}

	private Found find(CallLogPage logs, int page, String id) {
		List<CallLog> items = logs.items();
		for (int i = 0; i < items.size(); i++) {
			if (items.get(i).id().equals(id)) {
				return new Found(items.get(i), (long) (page - 1) * this.pageSize + i, logs.total());
			}
		}
		return null;
	}

	private CallLogPage unfiltered(int page) {
		CallLogPage logs = this.read.get(page);
		if (logs == null) {
			logs = fetch(new CallLogsQuery(page, this.pageSize, this.direction, null));
			if (logs != null) {
				this.read.put(page, logs);
			}
		}
		return logs;
	}

	private CallLogPage fetch(CallLogsQuery query) {
		this.requests++;
		return this.pages.apply(query);
	}

	/**
	 * A deep row's current version, and its index in the unfiltered listing (or
	 * {@link KnownVersions#NO_OFFSET}).
	 */
	record Found(CallLog row, long offset, long total) {
	}

}
