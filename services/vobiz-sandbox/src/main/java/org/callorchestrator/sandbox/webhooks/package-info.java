/**
 * Webhook subscriptions ({@code POST/GET/DELETE /webhooks}, one per account) and
 * deliveries: the Vobiz envelope around the full WhatsApp {@code calls} webhook, signed
 * with {@code X-Webhook-Signature} (lowercase hex HMAC-SHA256 of the raw body), retried
 * with exponential back-off on non-2xx (at-least-once), optionally duplicated for tests.
 */
@NullMarked
package org.callorchestrator.sandbox.webhooks;

import org.jspecify.annotations.NullMarked;
