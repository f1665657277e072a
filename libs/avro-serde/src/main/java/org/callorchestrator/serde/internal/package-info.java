/** Internals of the serde: the registry REST client and its caches. */
package org.callorchestrator.serde.internal;
