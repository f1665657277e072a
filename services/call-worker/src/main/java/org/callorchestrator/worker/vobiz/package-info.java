/**
 * The worker's Vobiz client: built from {@code worker.vobiz.*}, reporting every request
 * to the worker's metrics.
 */
@NullMarked
package org.callorchestrator.worker.vobiz;

import org.jspecify.annotations.NullMarked;
