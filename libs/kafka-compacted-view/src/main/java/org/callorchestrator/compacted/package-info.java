/**
 * Shared state through Kafka alone:
 * {@link org.callorchestrator.compacted.CompactedTopicView} keeps an in-memory copy of a
 * compacted topic that every instance of a service reads in full, so instances agree
 * without a database or a lock service.
 */
@NullMarked
package org.callorchestrator.compacted;

import org.jspecify.annotations.NullMarked;
