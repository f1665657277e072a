/**
 * The log poller: pages Vobiz's call logs newest first and emits every new version of a
 * log (new id, or a newer {@code updated_at}) to the compacted {@code call.logs}, exactly
 * once, with one active instance chosen by Kafka group membership and a checkpoint
 * committed in the same transaction as the records.
 */
@NullMarked
package org.callorchestrator.poller;

import org.jspecify.annotations.NullMarked;
