/** Placing outbound calls: one dial per command, even when Vobiz's answer is lost. */
package org.callorchestrator.worker.initiate;
