package org.callorchestrator.ingress.parsing;

import java.time.Instant;
import java.util.List;

/**
 * A parsed Vobiz webhook delivery.
 *
 * @param eventId the envelope's event id (deduplication key)
 * @param eventType e.g. {@code call.connect}
 * @param accountId the Vobiz account
 * @param occurredAt the envelope's time, or null
 * @param signals the call facts it carries (none for non-call events)
 */
public record Delivery(String eventId, String eventType, String accountId, Instant occurredAt,
		List<CallSignal> signals) {
}
