/** Building and publishing {@code CallEvent}s: one per command outcome, keyed by call_id (or command_id). */
package org.callorchestrator.worker.events;
