/**
 * call-state: the only writer of every call's transitions. A Kafka Streams application
 * (exactly-once v2) that reads the worker's command results, the webhook ingress's
 * observations and the poller's call logs, keeps one snapshot per call in a persistent
 * store backed by its changelog, and publishes each status a call reaches exactly once on
 * {@code call.events} and every call's latest snapshot on {@code call.state}; {@code GET
 * /calls/{id}} answers from the store of whichever instance owns the call.
 */
@NullMarked
package org.callorchestrator.state;

import org.jspecify.annotations.NullMarked;
