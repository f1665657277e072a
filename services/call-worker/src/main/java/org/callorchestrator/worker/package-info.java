/**
 * The call worker: consumes {@code call.initiate} and {@code call.action}, calls Vobiz,
 * and publishes exactly one result per command ({@code call.command-results}, plus a dead
 * letter when the command failed), atomically with the consumed offset. It writes nothing
 * to {@code call.events}: the call-state service derives the calls' transitions from
 * these results. Features live in sub-packages: {@code intake} (consumers, decoding),
 * {@code validation}, {@code initiate}, {@code action}, {@code retry}, {@code reconcile},
 * {@code idempotency}, {@code deadletter}, {@code results}.
 */
@NullMarked
package org.callorchestrator.worker;

import org.jspecify.annotations.NullMarked;
