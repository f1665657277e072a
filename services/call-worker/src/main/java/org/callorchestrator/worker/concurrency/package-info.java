/**
 * How many commands the worker works on at once: each poll's records spread over key-ordered lanes
 * ({@link org.callorchestrator.worker.concurrency.CommandLanes}), requests to Vobiz paced by a per-account rate limit
 * ({@link org.callorchestrator.worker.concurrency.VobizPacer}), and a failed batch re-polled after a back-off
 * ({@link org.callorchestrator.worker.concurrency.BatchRollback}).
 */
package org.callorchestrator.worker.concurrency;
