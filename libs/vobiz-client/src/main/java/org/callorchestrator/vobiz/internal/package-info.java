/** Internals of the Vobiz client: reading answers into outcomes. */
package org.callorchestrator.vobiz.internal;
