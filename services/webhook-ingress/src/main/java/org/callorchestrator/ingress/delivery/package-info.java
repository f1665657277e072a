/**
 * The delivery endpoint: size limit (413), signature before parsing (401), JSON (400),
 * deduplication by event id, publication acknowledged by Kafka before 2xx (503 when it is
 * not).
 */
@NullMarked
package org.callorchestrator.ingress.delivery;

import org.jspecify.annotations.NullMarked;
