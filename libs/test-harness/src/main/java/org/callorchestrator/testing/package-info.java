/**
 * The project's one way to get real infrastructure in tests:
 * {@link org.callorchestrator.testing.RealInfrastructure} starts, once per test JVM, a
 * real embedded KRaft Kafka broker and a real Apicurio Registry (Confluent-compatible
 * API) on free ports, fetched by Maven — no Docker, no manual download. Internals live in
 * {@code internal}.
 */
@NullMarked
package org.callorchestrator.testing;

import org.jspecify.annotations.NullMarked;
