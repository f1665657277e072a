/** Internals of the Vobiz client: reading answers into outcomes. */
@NullMarked
package org.callorchestrator.vobiz.internal;

import org.jspecify.annotations.NullMarked;
