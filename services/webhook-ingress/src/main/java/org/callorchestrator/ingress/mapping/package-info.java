/**
 * From Meta's wacid (all a webhook carries) to Vobiz's call_id (the key of the call's
 * observations): a compacted topic of mappings shared by every instance, the log poller's
 * {@code call.logs}, and on a miss a look-up in Vobiz's call logs (which carry both ids)
 * whose findings are written to the shared topic.
 */
@NullMarked
package org.callorchestrator.ingress.mapping;

import org.jspecify.annotations.NullMarked;
