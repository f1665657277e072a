/**
 * Resolving an outcome-unknown request (a timeout, a 5xx, a reset after the request left)
 * from Vobiz's call logs instead of re-sending it: a call is never dialled twice on a
 * guess.
 */
@NullMarked
package org.callorchestrator.worker.reconcile;

import org.jspecify.annotations.NullMarked;
