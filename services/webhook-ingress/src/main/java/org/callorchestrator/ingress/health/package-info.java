/**
 * Liveness of the ingress's topic mirrors, and what they skip.
 */
package org.callorchestrator.ingress.health;
