package org.callorchestrator.vobiz;

/**
 * Query of {@code GET /calls/whatsapp/logs}; null filters are left out.
 *
 * @param page page number, from 1
 * @param limit page size
 * @param direction {@code inbound} / {@code outbound}, or null
 * @param status a call status, or null
 */
public record CallLogsQuery(int page, int limit, String direction, String status) {

	public CallLogsQuery {
		if (page < 1 || limit < 1) {
			throw new IllegalArgumentException("page and limit start at 1");
		}
	}

	/** The same query on another page. */
	public CallLogsQuery onPage(int other) {
		return new CallLogsQuery(other, this.limit, this.direction, this.status);
	}

}
