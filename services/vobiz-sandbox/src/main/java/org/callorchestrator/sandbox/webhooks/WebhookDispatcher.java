package org.callorchestrator.sandbox.webhooks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.annotation.PreDestroy;
import org.callorchestrator.sandbox.SandboxSettings;
import org.callorchestrator.sandbox.faults.FaultInjector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers call events to the account's subscription: envelope {@code {event_id,
 * event_type, account_id, occurred_at, payload}}, headers {@code X-Webhook-Signature} and
 * {@code X-Webhook-Event}. A non-2xx answer or a failure is retried with exponential
 * back-off up to {@code sandbox.webhooks.max-attempts} (at-least-once); the events of one
 * call are delivered in order (the next waits until the previous one is delivered or
 * given up). An event the fault plan drops ({@code webhook_drops}) is never attempted nor
 * queued, so it holds back none of its call's later events; it is only remembered (status
 * {@code "dropped"}, attempt 0) and counted.
 */
@Component
public class WebhookDispatcher {

	private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

	private static final int RECENT = 1000;

	private final WebhookSubscriptions subscriptions;

	private final SandboxSettings.Webhooks settings;

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
		Thread thread = new Thread(r, "webhook-delivery");
		thread.setDaemon(true);
		return thread;
	});

	private final Map<String, Deque<Delivery>> queuesByCall = new LinkedHashMap<>();

	private final Deque<Map<String, Object>> recent = new ArrayDeque<>();

	private final FaultInjector faults;

	/** Guarded by {@link #droppedCalls}. */
	private long droppedEvents;

	private final Set<String> droppedCalls = new LinkedHashSet<>();

	private volatile double duplicateRate;

	public WebhookDispatcher(WebhookSubscriptions subscriptions, SandboxSettings settings, FaultInjector faults) {
		this.subscriptions = subscriptions;
		this.settings = settings.webhooks();
		this.faults = faults;
		this.duplicateRate = this.settings.duplicateRate();
	}

	/**
	 * Queues one event of {@code callKey}'s call for delivery to {@code accountId}'s
	 * subscription, if any, unless the fault plan drops it.
	 */
	public void dispatch(String accountId, String callKey, String eventType, Map<String, Object> payload) {
		WebhookSubscriptions.Subscription subscription = this.subscriptions.of(accountId).orElse(null);
		if (subscription == null) {
			return;
		}
		String eventId = UUID.randomUUID().toString();
		if (this.faults.dropsWebhook(callKey)) {
			drop(callKey, eventId, eventType);
			return;
		}
		Map<String, Object> envelope = new LinkedHashMap<>();
		envelope.put("event_id", eventId);
		envelope.put("event_type", eventType);
		envelope.put("account_id", accountId);
		envelope.put("occurred_at", Instant.now().toString());
		envelope.put("payload", payload);
		byte[] body = this.json.writeValueAsBytes(envelope);
		Delivery delivery = new Delivery(subscription, callKey, eventId, eventType, body);
		boolean duplicate = ThreadLocalRandom.current().nextDouble() < this.duplicateRate;
		synchronized (this.queuesByCall) {
			Deque<Delivery> queue = this.queuesByCall.computeIfAbsent(callKey, k -> new ArrayDeque<>());
			queue.add(delivery);
			if (duplicate) {
				queue.add(delivery);
			}
			if (queue.size() == (duplicate ? 2 : 1)) {
				this.scheduler.execute(() -> attempt(delivery, 1));
			}
		}
	}

	private void attempt(Delivery delivery, int attempt) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.subscription().url()))
			.timeout(this.settings.timeout())
			.header("Content-Type", "application/json")
			.header("X-Webhook-Signature", sign(delivery.body(), delivery.subscription().secret()))
			.header("X-Webhook-Event", delivery.eventType())
			.POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()))
			.build();
		this.http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
			int status = (response != null) ? response.statusCode() : -1;
			remember(delivery, attempt, status);
			if (status / 100 == 2) {
				next(delivery);
			}
			else if (attempt < this.settings.maxAttempts()) {
				long backoff = this.settings.initialBackoff().toMillis() * (1L << Math.min(attempt - 1, 10));
				this.scheduler.schedule(() -> attempt(delivery, attempt + 1), backoff, TimeUnit.MILLISECONDS);
			}
			else {
				log.warn("Giving up webhook {} {} after {} attempts (last status {})", delivery.eventType(),
						delivery.eventId(), attempt, status);
				next(delivery);
			}
		});
	}

	private void next(Delivery done) {
		synchronized (this.queuesByCall) {
			Deque<Delivery> queue = this.queuesByCall.get(done.callKey());
			if (queue == null) {
				return;
			}
			queue.poll();
			Delivery following = queue.peek();
			if (following == null) {
				this.queuesByCall.remove(done.callKey());
			}
			else {
				this.scheduler.execute(() -> attempt(following, 1));
			}
		}
	}

	private void drop(String callKey, String eventId, String eventType) {
		synchronized (this.droppedCalls) {
			this.droppedEvents++;
			this.droppedCalls.add(callKey);
		}
		log.debug("Dropping webhook {} {} of call {} (fault plan)", eventType, eventId, callKey);
		remember(eventId, eventType, 0, "dropped");
	}

	private void remember(Delivery delivery, int attempt, int status) {
		remember(delivery.eventId(), delivery.eventType(), attempt, status);
	}

	private void remember(String eventId, String eventType, int attempt, Object status) {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("event_id", eventId);
		entry.put("event_type", eventType);
		entry.put("attempt", attempt);
		entry.put("status", status);
		entry.put("at", Instant.now().toString());
		synchronized (this.recent) {
			this.recent.addLast(entry);
			if (this.recent.size() > RECENT) {
				this.recent.removeFirst();
			}
		}
	}

	/**
	 * Recent delivery attempts, oldest first: {@code status} is the HTTP status answered
	 * (-1: none), or the string {@code "dropped"} (with attempt 0) for an event the fault
	 * plan dropped.
	 */
	public List<Map<String, Object>> recentDeliveries() {
		synchronized (this.recent) {
			return new ArrayList<>(this.recent);
		}
	}

	/** What the fault plan dropped since the last {@link #clear()}. */
	public Dropped dropped() {
		synchronized (this.droppedCalls) {
			return new Dropped(this.droppedEvents, List.copyOf(this.droppedCalls));
		}
	}

	/** Share of events delivered twice from now on (0..1). */
	public void duplicateRate(double rate) {
		this.duplicateRate = rate;
	}

	public void clear() {
		synchronized (this.queuesByCall) {
			this.queuesByCall.clear();
		}
		synchronized (this.recent) {
			this.recent.clear();
		}
		synchronized (this.droppedCalls) {
			this.droppedCalls.clear();
			this.droppedEvents = 0;
		}
		this.duplicateRate = this.settings.duplicateRate();
	}

	/** Lowercase hex HMAC-SHA256 of {@code body} keyed by {@code secret}. */
	public static String sign(byte[] body, String secret) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 unavailable", ex);
		}
	}

	@PreDestroy
	void stop() {
		this.scheduler.shutdownNow();
	}

	/**
	 * @param events events dropped
	 * @param calls keys (call ids) of the calls that had at least one event dropped, in
	 * the order of their first drop
	 */
	public record Dropped(long events, List<String> calls) {
	}

	record Delivery(WebhookSubscriptions.Subscription subscription, String callKey, String eventId, String eventType,
			byte[] body) {
	}

}
