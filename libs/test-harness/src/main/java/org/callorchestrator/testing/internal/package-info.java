/** Internals of the test harness: locating, unpacking and running the registry; JDK discovery; free ports. */
@NullMarked
package org.callorchestrator.testing.internal;

import org.jspecify.annotations.NullMarked;
