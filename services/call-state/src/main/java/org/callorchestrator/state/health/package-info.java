/**
 * Readiness (RUNNING, nothing restoring) and liveness (a dead client turns it BROKEN)
 * from the Kafka Streams client.
 */
@NullMarked
package org.callorchestrator.state.health;

import org.jspecify.annotations.NullMarked;
