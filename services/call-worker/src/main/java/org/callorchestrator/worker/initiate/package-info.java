/** Placing outbound calls: one dial per command, even when Vobiz's answer is lost. */
@NullMarked
package org.callorchestrator.worker.initiate;

import org.jspecify.annotations.NullMarked;
