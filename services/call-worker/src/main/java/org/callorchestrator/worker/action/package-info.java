/**
 * Applying pre_accept / accept / reject / terminate to a call, in the order they were
 * produced per call.
 */
@NullMarked
package org.callorchestrator.worker.action;

import org.jspecify.annotations.NullMarked;
