/**
 * {@code bin/state-check}: the canonical transitions of many calls checked end to end,
 * and their latency.
 */
@NullMarked
package org.callorchestrator.statecheck;

import org.jspecify.annotations.NullMarked;
