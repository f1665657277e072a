/**
 * From a consumed record to exactly one outcome: the
 * {@link org.callorchestrator.worker.intake.CommandConsumer} loop polls and hands each
 * record to a lane, where the {@link org.callorchestrator.worker.intake.CommandDecider}
 * decodes it (undecodable bytes dead-letter with the raw bytes kept), consults the
 * outcome record (a command seen before re-emits its result), validates it and hands it
 * to the command's handler; the {@link org.callorchestrator.worker.intake.DecisionWriter}
 * then publishes the result on call.command-results (and the dead letter) and records the
 * outcome — inside the consumer's Kafka transaction, with the offsets that outcome frees.
 */
@NullMarked
package org.callorchestrator.worker.intake;

import org.jspecify.annotations.NullMarked;
