/**
 * The call worker: consumes {@code call.initiate} and {@code call.action}, calls Vobiz, and publishes exactly one
 * outcome per command ({@code call.events}, plus a dead letter when the command failed), atomically with the consumed
 * offset. Features live in sub-packages: {@code intake} (listeners, decoding), {@code validation}, {@code initiate},
 * {@code action}, {@code retry}, {@code reconcile}, {@code idempotency}, {@code deadletter}, {@code events}.
 */
package org.callorchestrator.worker;
