/**
 * What every Calls API answer shares: the Vobiz error envelope and the exceptions that
 * produce it.
 */
@NullMarked
package org.callorchestrator.sandbox.api;

import org.jspecify.annotations.NullMarked;
