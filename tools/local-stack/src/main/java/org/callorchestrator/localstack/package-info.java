/**
 * README command 1: the whole system on one machine with no Docker, stopped cleanly with
 * Ctrl-C.
 */
@NullMarked
package org.callorchestrator.localstack;

import org.jspecify.annotations.NullMarked;
