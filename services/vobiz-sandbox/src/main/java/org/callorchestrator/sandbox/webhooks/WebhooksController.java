package org.callorchestrator.sandbox.webhooks;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.callorchestrator.sandbox.api.VobizApiException;
import org.callorchestrator.sandbox.auth.Accounts;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/messaging/webhooks}. The real service requires https; the sandbox also
 * accepts http on loopback so that local receivers can subscribe.
 */
@RestController
class WebhooksController {

	private final Accounts accounts;

	private final WebhookSubscriptions subscriptions;

	WebhooksController(Accounts accounts, WebhookSubscriptions subscriptions) {
		this.accounts = accounts;
		this.subscriptions = subscriptions;
	}

	@PostMapping("/api/v1/messaging/webhooks")
	ResponseEntity<Map<String, Object>> subscribe(HttpServletRequest request, @RequestBody Map<String, Object> body) {
		String account = this.accounts.authenticate(request);
		String url = (body.get("url") instanceof String s) ? s : null;
		String secret = (body.get("secret") instanceof String s) ? s : null;
		if (url == null || !acceptable(url)) {
			throw VobizApiException.validation(List.of(VobizApiException.fieldError("url",
					"must be an https URL (http is accepted on loopback by the sandbox)", "invalid_url", url)));
		}
		if (secret == null || secret.isBlank()) {
			throw VobizApiException
				.validation(List.of(VobizApiException.fieldError("secret", "is required", "required", null)));
		}
		return ResponseEntity.status(201).body(this.subscriptions.subscribe(account, url, secret).toJson());
	}

	@GetMapping("/api/v1/messaging/webhooks")
	Map<String, Object> list(HttpServletRequest request) {
		String account = this.accounts.authenticate(request);
		return Map.of("items", this.subscriptions.of(account).map(s -> List.of(s.toJson())).orElse(List.of()));
	}

	@DeleteMapping("/api/v1/messaging/webhooks/{id}")
	ResponseEntity<Void> delete(HttpServletRequest request, @PathVariable String id) {
		String account = this.accounts.authenticate(request);
		if (!this.subscriptions.delete(account, id)) {
			throw VobizApiException.notFound("WEBHOOK_NOT_FOUND", "No webhook " + id);
		}
		return ResponseEntity.noContent().build();
	}

	static boolean acceptable(String url) {
		try {
			URI uri = URI.create(url);
			if ("https".equals(uri.getScheme())) {
				return uri.getHost() != null;
			}
			return "http".equals(uri.getScheme()) && ("127.0.0.1".equals(uri.getHost())
					|| "localhost".equals(uri.getHost()) || "[::1]".equals(uri.getHost()));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
