/**
 * W3C trace context through the worker
 * ({@link org.callorchestrator.worker.trace.CommandTrace}): a command's
 * {@code traceparent} continues in the span its lane works in, the Vobiz request it makes
 * and the records it writes.
 */
@NullMarked
package org.callorchestrator.worker.trace;

import org.jspecify.annotations.NullMarked;
