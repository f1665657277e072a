/** Readiness: the worker is not ready while it cannot reach the Kafka cluster. */
package org.callorchestrator.worker.health;
