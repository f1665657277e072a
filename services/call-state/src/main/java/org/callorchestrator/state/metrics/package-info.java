/** call-state's Micrometer meters. */
package org.callorchestrator.state.metrics;
