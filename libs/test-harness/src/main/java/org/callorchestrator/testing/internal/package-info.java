/** Internals of the test harness: locating, unpacking and running the registry; JDK discovery; free ports. */
package org.callorchestrator.testing.internal;
