/** Readiness: the worker is not ready while it cannot reach the Kafka cluster. */
@NullMarked
package org.callorchestrator.worker.health;

import org.jspecify.annotations.NullMarked;
