/** {@code bin/state-check}: the canonical transitions of many calls checked end to end, and their latency. */
package org.callorchestrator.statecheck;
