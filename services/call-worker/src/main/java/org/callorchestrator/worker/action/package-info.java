/**
 * Applying pre_accept / accept / reject / terminate to a call, in the order they were
 * produced per call.
 */
package org.callorchestrator.worker.action;
