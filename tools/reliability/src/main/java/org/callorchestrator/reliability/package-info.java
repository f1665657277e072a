/**
 * The reliability suite ({@code bin/reliability}; a short variant in
 * {@code ./mvnw verify}): the worker as its own process against the local stack's broker,
 * registry and sandbox, under crashes and poison input, with a table of commands sent,
 * outcomes, commands without an outcome and duplicate dials per scenario.
 */
@NullMarked
package org.callorchestrator.reliability;

import org.jspecify.annotations.NullMarked;
