/**
 * How many commands the worker works on at once: polled records spread over key-ordered
 * lanes ({@link KeyedLanes}), requests to Vobiz paced by a per-account rate limit
 * ({@link VobizPacer}), and each partition's committable offset while records conclude
 * out of order ({@link PartitionProgress}).
 */
@NullMarked
package org.callorchestrator.worker.concurrency;

import org.jspecify.annotations.NullMarked;
