/**
 * The ingress's Micrometer meters, named {@code ingress.*} (Prometheus:
 * {@code ingress_*}).
 */
@NullMarked
package org.callorchestrator.ingress.metrics;

import org.jspecify.annotations.NullMarked;
