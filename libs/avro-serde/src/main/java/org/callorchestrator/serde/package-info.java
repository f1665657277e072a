/**
 * Kafka {@link org.apache.kafka.common.serialization.Serializer} and
 * {@link org.apache.kafka.common.serialization.Deserializer} for Avro that speak the
 * Confluent Schema Registry REST API and wire format (magic byte 0, 4-byte schema id,
 * Avro binary), configured only through Confluent's own property names. Works against
 * Confluent Schema Registry, Apicurio's {@code /apis/ccompat/v7}, Karapace and Redpanda.
 */
@NullMarked
package org.callorchestrator.serde;

import org.jspecify.annotations.NullMarked;
