/**
 * The worker's Micrometer meters, named {@code callworker.*} (Prometheus:
 * {@code callworker_*}).
 */
@NullMarked
package org.callorchestrator.worker.metrics;

import org.jspecify.annotations.NullMarked;
