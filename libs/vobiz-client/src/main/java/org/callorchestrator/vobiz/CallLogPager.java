package org.callorchestrator.vobiz;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Iterates the pages of a logs query lazily, newest first: a page is fetched only when
 * asked for, so a caller stops early by not asking. A page that cannot be read throws
 * {@link VobizCallException} carrying the outcome (rate limit, outage …), so the caller
 * can back off and resume from {@link #nextPage()}. Not thread-safe.
 */
public final class CallLogPager implements Iterator<CallLogPage> {

	private final VobizClient client;

	private CallLogsQuery next;

	CallLogPager(VobizClient client, CallLogsQuery first) {
		this.client = client;
		this.next = first;
	}

	@Override
	public boolean hasNext() {
		return this.next != null;
	}

	@Override
	public CallLogPage next() {
		if (this.next == null) {
			throw new NoSuchElementException("No more pages");
		}
		VobizOutcome<CallLogPage> outcome = this.client.listCallLogs(this.next);
		if (!(outcome instanceof VobizOutcome.Success<CallLogPage> success)) {
			throw new VobizCallException("Could not read logs page " + this.next.page(), outcome);
		}
		CallLogPage page = success.body();
		this.next = (page.hasMore() && !page.items().isEmpty()) ? this.next.onPage(this.next.page() + 1) : null;
		return page;
	}

	/** The page the next call to {@link #next()} will fetch, or 0 when done. */
	public int nextPage() {
		return (this.next != null) ? this.next.page() : 0;
	}

}
