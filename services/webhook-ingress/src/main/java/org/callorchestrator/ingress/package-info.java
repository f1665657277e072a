/**
 * The webhook ingress: verifies Vobiz's signed call webhooks, parses them tolerantly,
 * maps Meta's wacid to Vobiz's call_id, and publishes its observations —
 * {@code CallEvent}s (source WEBHOOK, sequence 0) — to its internal topic
 * {@code webhook-ingress.observations}, answering 2xx only once Kafka has them. The
 * call-state service reads them and writes the canonical transitions on
 * {@code call.events}. Features live in {@code delivery}, {@code parsing},
 * {@code mapping}, {@code publish}, {@code registration}, {@code metrics}.
 */
@NullMarked
package org.callorchestrator.ingress;

import org.jspecify.annotations.NullMarked;
