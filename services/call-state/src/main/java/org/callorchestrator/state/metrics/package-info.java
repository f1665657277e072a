/** call-state's Micrometer meters. */
@NullMarked
package org.callorchestrator.state.metrics;

import org.jspecify.annotations.NullMarked;
