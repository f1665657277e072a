/**
 * Fault injection for tests and benchmarks: latency, errors per endpoint (429 with
 * Retry-After, 5xx), outage windows, "applied but never answered" (stall or reset), Meta
 * error codes per callee number, webhook events dropped (a share of calls, a share of
 * events, or an outage of the sender).
 */
@NullMarked
package org.callorchestrator.sandbox.faults;

import org.jspecify.annotations.NullMarked;
