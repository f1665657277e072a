/**
 * Liveness of the ingress's topic mirrors, and what they skip.
 */
@NullMarked
package org.callorchestrator.ingress.health;

import org.jspecify.annotations.NullMarked;
