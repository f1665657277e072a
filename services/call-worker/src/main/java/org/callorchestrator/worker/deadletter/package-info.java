/**
 * Dead letters: the original record, byte for byte, on {@code <topic>-dlt} with Spring
 * Kafka's {@code kafka_dlt-*} headers and ours ({@code x-error-category},
 * {@code x-error-code}, {@code x-error-message}, {@code x-attempts}).
 */
@NullMarked
package org.callorchestrator.worker.deadletter;

import org.jspecify.annotations.NullMarked;
