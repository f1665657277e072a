/**
 * The sandbox's admin API under {@code /sandbox} (no auth): faults, inbound calls,
 * inspection, seeding, reset.
 */
@NullMarked
package org.callorchestrator.sandbox.admin;

import org.jspecify.annotations.NullMarked;
