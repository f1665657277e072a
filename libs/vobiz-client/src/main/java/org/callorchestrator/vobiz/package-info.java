/**
 * Typed client of the Vobiz WhatsApp Calls API ({@code POST /calls/whatsapp},
 * {@code POST /calls/whatsapp/action}, {@code GET /calls/whatsapp/logs}, webhook
 * subscriptions). Every answer or failure maps to one
 * {@link org.callorchestrator.vobiz.VobizOutcome} a caller can act on; the auth token
 * never appears in logs, exceptions or {@code toString}. Plain Java, no framework.
 */
@NullMarked
package org.callorchestrator.vobiz;

import org.jspecify.annotations.NullMarked;
