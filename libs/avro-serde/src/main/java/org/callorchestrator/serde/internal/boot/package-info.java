/**
 * Spring Boot glue of the serde (used only when Spring Boot's health support is on the
 * classpath): the {@code schemas} readiness indicator of the services.
 */
@NullMarked
package org.callorchestrator.serde.internal.boot;

import org.jspecify.annotations.NullMarked;
