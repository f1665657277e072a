/** Readiness (RUNNING, nothing restoring) and liveness (a dead client turns it BROKEN) from the Kafka Streams client. */
package org.callorchestrator.state.health;
