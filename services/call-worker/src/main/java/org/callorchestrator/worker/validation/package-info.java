/**
 * Checks a command against the Vobiz rules before any HTTP call: an invalid command never
 * reaches Vobiz.
 */
@NullMarked
package org.callorchestrator.worker.validation;

import org.jspecify.annotations.NullMarked;
