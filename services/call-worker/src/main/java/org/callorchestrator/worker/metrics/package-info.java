/**
 * The worker's Micrometer meters, named {@code callworker.*} (Prometheus:
 * {@code callworker_*}).
 */
package org.callorchestrator.worker.metrics;
