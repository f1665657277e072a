/**
 * The dead-letter replay tool for ops: {@code list}, {@code show} and {@code replay} dead
 * letters of {@code call.initiate-dlt} / {@code call.action-dlt} with filters, dry-run, a
 * rate cap, an audit trail in {@code call.replay.audit} and resumption without replaying
 * twice.
 */
@NullMarked
package org.callorchestrator.replay;

import org.jspecify.annotations.NullMarked;
