/**
 * Building and publishing the worker's {@code CommandResult}s on
 * {@code call.command-results}: exactly one per command, success or failure, keyed by
 * call_id (or command_id when an initiate failed before a call existed).
 */
@NullMarked
package org.callorchestrator.worker.results;

import org.jspecify.annotations.NullMarked;
