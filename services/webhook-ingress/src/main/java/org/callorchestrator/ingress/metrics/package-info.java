/** The ingress's Micrometer meters, named {@code ingress.*} (Prometheus: {@code ingress_*}). */
package org.callorchestrator.ingress.metrics;
