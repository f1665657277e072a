/**
 * The webhook ingress: verifies Vobiz's signed call webhooks, parses them tolerantly, maps Meta's wacid to Vobiz's
 * call_id, and publishes {@code CallEvent}s (source WEBHOOK) to {@code call.events} — answering 2xx only once Kafka
 * has them. Features live in {@code delivery}, {@code parsing}, {@code mapping}, {@code publish},
 * {@code registration}, {@code metrics}.
 */
package org.callorchestrator.ingress;
