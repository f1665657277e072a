package org.callorchestrator.vobiz;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A webhook subscription as Vobiz returns it (never with its secret).
 *
 * @param id subscription id
 * @param url delivery URL
 * @param status e.g. {@code active}
 * @param createdAt creation time
 * @param updatedAt last update
 */
public record WebhookSubscription(@JsonProperty("id") String id, @JsonProperty("url") String url,
		@JsonProperty("status") String status, @JsonProperty("created_at") Instant createdAt,
		@JsonProperty("updated_at") Instant updatedAt) {
}
