/** The sandbox's admin API under {@code /sandbox} (no auth): faults, inbound calls, inspection, seeding, reset. */
package org.callorchestrator.sandbox.admin;
