/**
 * The benchmark's baseline: a plain one-record-at-a-time {@code @KafkaListener}
 * application, started as its own process by {@code bin/worker-bench} with the same load
 * as the worker.
 */
@NullMarked
package org.callorchestrator.bench.baseline;

import org.jspecify.annotations.NullMarked;
