/**
 * Internals of the test harness: locating, unpacking and running the registry; JDK
 * discovery.
 */
@NullMarked
package org.callorchestrator.testing.internal;

import org.jspecify.annotations.NullMarked;
