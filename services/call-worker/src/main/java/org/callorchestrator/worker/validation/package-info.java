/**
 * Checks a command against the Vobiz rules before any HTTP call: an invalid command never
 * reaches Vobiz.
 */
package org.callorchestrator.worker.validation;
