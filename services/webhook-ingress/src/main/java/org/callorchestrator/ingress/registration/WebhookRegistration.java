package org.callorchestrator.ingress.registration;

import java.util.List;
import java.util.Optional;

import org.callorchestrator.ingress.IngressSettings;
import org.callorchestrator.vobiz.VobizClient;
import org.callorchestrator.vobiz.VobizOutcome;
import org.callorchestrator.vobiz.WebhookSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * With {@code ingress.registration.enabled=true}, subscribes
 * {@code ingress.registration.url} with the first secret once the ingress is ready to
 * receive, unless the account already has a subscription to that URL. Vobiz keeps one
 * subscription per account: an existing one to another URL is replaced.
 */
@Component
class WebhookRegistration {

	private static final Logger log = LoggerFactory.getLogger(WebhookRegistration.class);

	private final IngressSettings settings;

	private final Optional<VobizClient> vobiz;

	WebhookRegistration(IngressSettings settings, Optional<VobizClient> vobiz) {
		this.settings = settings;
		this.vobiz = vobiz;
	}

	@EventListener(ApplicationReadyEvent.class)
	void register() {
		IngressSettings.Registration registration = this.settings.registration();
		if (!registration.enabled()) {
			return;
		}
		VobizClient client = this.vobiz.orElseThrow(() -> new IllegalStateException(
				"ingress.registration.enabled needs ingress.vobiz.auth-id and auth-token"));
		VobizOutcome<List<WebhookSubscription>> existing = client.listWebhooks();
		if (existing instanceof VobizOutcome.Success<List<WebhookSubscription>> success
				&& success.body().stream().anyMatch(s -> registration.url().equals(s.url()))) {
			log.info("Vobiz webhook subscription to {} already exists", registration.url());
			return;
		}
		VobizOutcome<WebhookSubscription> created = client.createWebhook(registration.url(),
				this.settings.secrets().get(0));
		if (created instanceof VobizOutcome.Success<WebhookSubscription> success) {
			log.info("Subscribed {} to Vobiz webhooks (subscription {})", registration.url(), success.body().id());
		}
		else {
			log.error("Could not subscribe {} to Vobiz webhooks: {}", registration.url(), created);
		}
	}

}
