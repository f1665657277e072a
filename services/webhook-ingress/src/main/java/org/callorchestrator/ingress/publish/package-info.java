/**
 * Building a delivery's observations: the WEBHOOK {@code CallEvent}s (sequence 0) the
 * ingress publishes with acks=all on {@code webhook-ingress.observations}.
 */
@NullMarked
package org.callorchestrator.ingress.publish;

import org.jspecify.annotations.NullMarked;
