/**
 * The call worker's throughput benchmark ({@code bin/worker-bench}): broker, registry and
 * sandbox from the local stack, the worker as its own process, commands produced here,
 * their results ({@code call.command-results}) read back here; the same load through a
 * plain one-record-at-a-time listener as the baseline.
 */
@NullMarked
package org.callorchestrator.bench;

import org.jspecify.annotations.NullMarked;
