/**
 * From a consumed record to exactly one outcome: decode (undecodable bytes dead-letter with the raw bytes kept),
 * consult the outcome record (a command seen before re-emits its result), validate, hand to the command's handler
 * on a lane, then publish the result on call.command-results (and the dead letter) and record the outcome — inside
 * the consumer's Kafka transaction, with the offsets that outcome frees.
 */
package org.callorchestrator.worker.intake;
