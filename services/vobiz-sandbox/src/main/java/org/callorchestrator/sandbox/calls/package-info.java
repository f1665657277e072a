/**
 * Calls and their logs: the state machine (outbound: initiated → ringing → accepted →
 * terminated, or rejected / missed / failed by scenario; inbound: ringing → pre_accepted
 * → accepted → terminated, or rejected / missed), the three Calls API endpoints, and
 * newest-first log listing.
 */
@NullMarked
package org.callorchestrator.sandbox.calls;

import org.jspecify.annotations.NullMarked;
