/**
 * How long and how often a command may be retried: bounded by attempts and total time,
 * Retry-After honoured; the one attempt loop both handlers run
 * ({@link org.callorchestrator.worker.retry.VobizAttempts}) with their
 * {@link org.callorchestrator.worker.retry.AttemptPolicy}.
 */
@NullMarked
package org.callorchestrator.worker.retry;

import org.jspecify.annotations.NullMarked;
