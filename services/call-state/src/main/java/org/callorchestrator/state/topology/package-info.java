/**
 * The Kafka Streams topology: the inputs as observations, the wacid mapping, the call
 * processor and its stores, the outputs {@code call.events} and {@code call.state}.
 */
@NullMarked
package org.callorchestrator.state.topology;

import org.jspecify.annotations.NullMarked;
