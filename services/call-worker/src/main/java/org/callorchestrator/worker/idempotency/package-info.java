/**
 * The shared record of command outcomes: a compacted topic keyed by command_id that every
 * worker instance reads in full, so that a command seen before — a redelivery, a
 * producer's duplicate, an ops replay — never calls Vobiz again.
 */
@NullMarked
package org.callorchestrator.worker.idempotency;

import org.jspecify.annotations.NullMarked;
