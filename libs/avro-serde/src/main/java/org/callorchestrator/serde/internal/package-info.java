/** Internals of the serde: the registry REST client and its caches. */
@NullMarked
package org.callorchestrator.serde.internal;

import org.jspecify.annotations.NullMarked;
