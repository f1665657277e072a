package org.callorchestrator.poller;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

import org.callorchestrator.vobiz.CallLogPage;
import org.callorchestrator.vobiz.CallLogsQuery;
import org.callorchestrator.vobiz.VobizOutcome;
import org.callorchestrator.vobiz.VobizClient;

/**
 * Fetches logs pages in order with a few pages in flight ahead of the one being
 * processed. Pages are requested strictly in order and handed out in order; after a
 * failure the look-ahead is dropped and refetched. Not thread-safe: used by the poller
 * thread.
 */
final class PageFetcher {

	private final VobizClient vobiz;

	private final int pageSize;

	private final String direction;

	private final int lookahead;

	private final Deque<CompletableFuture<VobizOutcome<CallLogPage>>> ahead = new ArrayDeque<>();

	private int nextToRequest;

	PageFetcher(VobizClient vobiz, int pageSize, String direction, int lookahead) {
		this.vobiz = vobiz;
		this.pageSize = pageSize;
		this.direction = direction;
		this.lookahead = lookahead;
	}

	/**
	 * The outcome of {@code page}, which must be the page after the previous call's (or
	 * the same after reset).
	 */
	VobizOutcome<CallLogPage> page(int page) {
		if (this.ahead.isEmpty()) {
			this.nextToRequest = page;
		}
		while (this.ahead.size() < this.lookahead) {
			this.ahead.addLast(this.vobiz
				.listCallLogsAsync(new CallLogsQuery(this.nextToRequest++, this.pageSize, this.direction, null)));
		}
		return this.ahead.removeFirst().join();
	}

	/** Drops pages fetched ahead (after a failure, or at the end of a scan). */
	void reset() {
		this.ahead.clear();
	}

}
