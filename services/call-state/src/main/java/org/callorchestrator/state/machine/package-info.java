/**
 * The state machine of one call as a pure function (snapshot, observation) → step: which
 * transitions to publish, which observations are duplicates or late, which skipped
 * statuses an observation proves.
 */
@NullMarked
package org.callorchestrator.state.machine;

import org.jspecify.annotations.NullMarked;
