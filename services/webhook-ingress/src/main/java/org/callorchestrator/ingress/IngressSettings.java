package org.callorchestrator.ingress;

import java.time.Duration;
import java.util.List;

import org.callorchestrator.vobiz.VobizSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every setting of the webhook ingress ({@code ingress.*}).
 *
 * @param secrets signing secrets accepted (one, or two during a rotation); never logged
 * @param maxBodyBytes larger deliveries are refused with 413
 * @param publishTimeout how long a delivery waits for Kafka's acknowledgement before
 * answering 503
 * @param dedup the record of deliveries already published
 * @param mapping wacid to call_id resolution
 * @param vobiz Vobiz API access (logs look-ups, self-registration)
 * @param registration optional subscription of this ingress with Vobiz at start-up
 * @param topics how the ingress's own topics are created when absent
 */
@ConfigurationProperties("ingress")
public record IngressSettings(@DefaultValue List<String> secrets, @DefaultValue("262144") int maxBodyBytes,
		@DefaultValue("5s") Duration publishTimeout, @DefaultValue Dedup dedup, @DefaultValue Mapping mapping,
		@DefaultValue VobizSettings vobiz, @DefaultValue Registration registration, @DefaultValue OwnTopics topics) {

	public IngressSettings {
		secrets = secrets.stream().filter(s -> s != null && !s.isBlank()).toList();
		if (secrets.isEmpty()) {
			throw new IllegalArgumentException(
					"ingress.secrets (VOBIZ_WEBHOOK_SECRETS) needs at least one webhook signing secret");
		}
		if (secrets.size() > 2) {
			throw new IllegalArgumentException("ingress.secrets takes at most two secrets (current and next)");
		}
	}

	@Override
	public String toString() {
		return "IngressSettings[secrets=" + this.secrets.size() + " x ***, maxBodyBytes=" + this.maxBodyBytes + "]";
	}

	/**
	 * @param topic compacted topic of published delivery ids
	 * @param retention how long a delivery id is remembered (Vobiz's redelivery horizon,
	 * with margin); every instance holds the ids of this window in memory, about 150
	 * bytes each
	 */
	public record Dedup(@DefaultValue("webhook-ingress.seen-deliveries") String topic,
			@DefaultValue("7d") Duration retention) {
	}

	/**
	 * @param partitions partitions of the observations, dedup and mapping topics
	 * @param replicationFactor their replication factor (3 in production)
	 */
	public record OwnTopics(@DefaultValue("12") int partitions, @DefaultValue("1") short replicationFactor) {
	}

	/**
	 * @param topic compacted topic of wacid → call_id mappings learned by any instance
	 * @param lookups search Vobiz's logs for an unknown wacid
	 * @param lookupAttempts looks before publishing without a call_id
	 * @param lookupInterval pause between two looks
	 * @param lookupPages newest pages searched per look
	 * @param retention how long a mapping is remembered
	 * @param fromCallLogs read the log poller's {@code call.logs} for mappings too
	 * @param callLogsHorizon calls created longer ago than this are not kept from
	 * {@code call.logs}
	 */
	public record Mapping(@DefaultValue("webhook-ingress.call-ids") String topic, @DefaultValue("true") boolean lookups,
			@DefaultValue("3") int lookupAttempts, @DefaultValue("300ms") Duration lookupInterval,
			@DefaultValue("3") int lookupPages, @DefaultValue("7d") Duration retention,
			@DefaultValue("true") boolean fromCallLogs, @DefaultValue("6h") Duration callLogsHorizon) {

		public Mapping {
			if (lookupAttempts < 1 || lookupPages < 1) {
				throw new IllegalArgumentException("ingress.mapping.lookup-attempts and lookup-pages must be >= 1");
			}
		}
	}

	/**
	 * @param enabled subscribe at start-up unless a subscription to {@code url} exists
	 * @param url this ingress's public delivery URL
	 */
	public record Registration(@DefaultValue("false") boolean enabled, String url) {
	}

}
