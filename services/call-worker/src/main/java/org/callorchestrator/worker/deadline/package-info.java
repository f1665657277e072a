/**
 * Command deadlines: until when a command may still be sent to Vobiz ({@code expires_at},
 * an {@code x-expires-at} header from a replay, or {@code requested_at} plus
 * {@code worker.deadline.*}), and the EXPIRED failure of a command that missed it. The
 * deadline itself is enforced where requests leave: the worker's gate and the Vobiz
 * client's send-by time.
 */
@NullMarked
package org.callorchestrator.worker.deadline;

import org.jspecify.annotations.NullMarked;
