package org.callorchestrator.sandbox.webhooks;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/** One webhook subscription per account. Thread-safe. */
@Component
public class WebhookSubscriptions {

	private final Map<String, Subscription> byAccount = new ConcurrentHashMap<>();

	public Subscription subscribe(String accountId, String url, String secret) {
		Instant now = Instant.now();
		Subscription subscription = new Subscription(UUID.randomUUID().toString(), accountId, url, secret, now);
		this.byAccount.put(accountId, subscription);
		return subscription;
	}

	public Optional<Subscription> of(String accountId) {
		return Optional.ofNullable(this.byAccount.get(accountId));
	}

	public boolean delete(String accountId, String id) {
		Subscription current = this.byAccount.get(accountId);
		return current != null && current.id().equals(id) && this.byAccount.remove(accountId, current);
	}

	public void clear() {
		this.byAccount.clear();
	}

	/**
	 * @param id subscription id
	 * @param accountId owning account
	 * @param url delivery URL
	 * @param secret signing secret (never returned by the API)
	 * @param createdAt creation time
	 */
	public record Subscription(String id, String accountId, String url, String secret, Instant createdAt) {

		public Map<String, Object> toJson() {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("id", this.id);
			json.put("url", this.url);
			json.put("status", "active");
			json.put("created_at", this.createdAt.toString());
			json.put("updated_at", this.createdAt.toString());
			return json;
		}

		@Override
		public String toString() {
			return "Subscription[id=" + this.id + ", url=" + this.url + ", secret=***]";
		}
	}

}
