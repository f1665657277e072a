package org.callorchestrator.ingress.mapping;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.callorchestrator.compacted.CompactedTopicView;
import org.callorchestrator.ingress.IngressSettings;
import org.callorchestrator.ingress.metrics.IngressMetrics;
import org.callorchestrator.vobiz.CallLog;
import org.callorchestrator.vobiz.CallLogPage;
import org.callorchestrator.vobiz.CallLogsQuery;
import org.callorchestrator.vobiz.VobizClient;
import org.callorchestrator.vobiz.VobizOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Resolves a wacid to its call, in this order: the ingress's shared mapping topic
 * ({@code ingress.mapping.topic}, mirrored in memory); the log poller's {@code call.logs}
 * ({@link LoggedCalls}); then Vobiz's newest call logs ({@code meta_call_id} →
 * {@code id}) through the client, looked at up to {@code ingress.mapping.lookup-attempts}
 * times because a log may lag its first webhook — every mapping seen there is written to
 * the topic for every instance. When it stays unknown the caller publishes the
 * observation without a call_id, keyed by the wacid: nothing is dropped, but that
 * observation may sit on another partition than the call's other observations (call-state
 * maps it to its call later). Thread-safe; a look-up blocks its caller.
 */
@Component
public class CallIdResolver implements InitializingBean, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(CallIdResolver.class);

	private final CompactedTopicView<CallRef> mappings;

	private final IngressSettings.Mapping settings;

	private final Optional<VobizClient> vobiz;

	private final KafkaTemplate<String, byte[]> template;

	private final IngressMetrics metrics;

	private final Clock clock;

	private final LoggedCalls logged;

	public CallIdResolver(IngressSettings settings, ConsumerFactory<?, ?> consumers, LoggedCalls logged,
			Optional<VobizClient> vobiz, KafkaTemplate<String, byte[]> template, IngressMetrics metrics, Clock clock) {
		this.logged = logged;
		this.settings = settings.mapping();
		this.vobiz = vobiz;
		this.template = template;
		this.metrics = metrics;
		this.clock = clock;
		this.mappings = new CompactedTopicView<>(this.settings.topic(), consumers.getConfigurationProperties(),
				(key, bytes) -> CallRef.decode(new String(bytes, StandardCharsets.UTF_8)), CallRef::learnedAt,
				(current, incoming) -> incoming, this.settings.retention(), clock);
	}

	@Override
	public void afterPropertiesSet() {
		this.mappings.start(Duration.ofSeconds(60));
	}

	/** The call of {@code wacid}, if known or found in the logs. */
	public Optional<CallRef> resolve(String wacid) {
		if (wacid == null) {
			return Optional.empty();
		}
		Optional<CallRef> known = this.mappings.get(wacid);
		if (known.isPresent()) {
			this.metrics.mapping("known");
			return known;
		}
		Optional<CallRef> logged = this.logged.find(wacid);
		if (logged.isPresent()) {
			this.metrics.mapping("logged");
			return logged;
		}
		if (!this.settings.lookups() || this.vobiz.isEmpty()) {
			this.metrics.mapping("unknown");
			return Optional.empty();
		}
		for (int attempt = 1; attempt <= this.settings.lookupAttempts(); attempt++) {
			Optional<CallRef> found = lookUp(wacid);
			if (found.isPresent()) {
				this.metrics.mapping("looked_up");
				return found;
			}
			if (attempt < this.settings.lookupAttempts()) {
				pause(this.settings.lookupInterval());
			}
		}
		this.metrics.mapping("unknown");
		log.warn("No call found for {} in the newest call logs: publishing keyed by the wacid", wacid);
		return Optional.empty();
	}

	/** Records a mapping learned elsewhere (e.g. from a log record). */
	public void learn(String wacid, CallRef ref) {
		this.mappings.put(wacid, ref);
		this.template
			.send(new ProducerRecord<>(this.settings.topic(), wacid, ref.encode().getBytes(StandardCharsets.UTF_8)));
	}

	private Optional<CallRef> lookUp(String wacid) {
		VobizClient client = this.vobiz.get();
		for (int page = 1; page <= this.settings.lookupPages(); page++) {
			VobizOutcome<CallLogPage> outcome = client.listCallLogs(new CallLogsQuery(page, 100, null, null));
			if (!(outcome instanceof VobizOutcome.Success<CallLogPage> success)) {
				log.warn("Call logs unreadable while resolving {}: {}", wacid, outcome);
				return Optional.empty();
			}
			Optional<CallRef> found = Optional.empty();
			for (CallLog candidate : success.body().items()) {
				if (candidate.metaCallId() != null && candidate.id() != null) {
					CallRef ref = new CallRef(candidate.id(), candidate.channelId(), this.clock.instant());
					if (this.mappings.get(candidate.metaCallId()).isEmpty()) {
						learn(candidate.metaCallId(), ref);
					}
					if (candidate.metaCallId().equals(wacid)) {
						found = Optional.of(ref);
					}
				}
			}
			if (found.isPresent() || !success.body().hasMore()) {
				return found;
			}
		}
		return Optional.empty();
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Records of its topic skipped because they could not be read (never fatal). */
	public long skipped() {
		return this.mappings.skipped();
	}

	/** Calls {@code listener} when its reading loop stops other than by a close. */
	public void whenStopped(Consumer<Throwable> listener) {
		this.mappings.whenStopped(listener);
	}

	@Override
	public void destroy() {
		this.mappings.close();
	}

}
