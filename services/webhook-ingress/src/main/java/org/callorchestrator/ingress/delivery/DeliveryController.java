package org.callorchestrator.ingress.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.callorchestrator.ingress.IngressSettings;
import org.callorchestrator.ingress.metrics.IngressMetrics;
import org.callorchestrator.ingress.parsing.Delivery;
import org.callorchestrator.ingress.parsing.DeliveryParser;
import org.callorchestrator.ingress.parsing.MalformedDeliveryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/vobiz}: the body is read as raw bytes (at most {@code ingress.max-body-bytes}, else 413), its
 * signature checked before anything is parsed (401), then parsed (400) and handed to the {@link DeliveryHandler}
 * (200 once Kafka has it, 503 when Kafka does not answer). Nothing is published on any error answer.
 */
@RestController
class DeliveryController {

	private static final Logger log = LoggerFactory.getLogger(DeliveryController.class);

	private final WebhookSignature signature;

	private final DeliveryParser parser;

	private final DeliveryHandler handler;

	private final IngressMetrics metrics;

	private final int maxBodyBytes;

	DeliveryController(IngressSettings settings, DeliveryParser parser, DeliveryHandler handler,
			IngressMetrics metrics) {
		this.signature = new WebhookSignature(settings.secrets());
		this.parser = parser;
		this.handler = handler;
		this.metrics = metrics;
		this.maxBodyBytes = settings.maxBodyBytes();
	}

	@PostMapping("/webhooks/vobiz")
	ResponseEntity<Map<String, String>> deliver(HttpServletRequest request) throws IOException {
		if (request.getContentLengthLong() > this.maxBodyBytes) {
			return refuse(413, "too_large", "Body over " + this.maxBodyBytes + " bytes");
		}
		byte[] body;
		try (InputStream in = request.getInputStream()) {
			body = in.readNBytes(this.maxBodyBytes + 1);
		}
		if (body.length > this.maxBodyBytes) {
			return refuse(413, "too_large", "Body over " + this.maxBodyBytes + " bytes");
		}
		if (!this.signature.verifies(body, request.getHeader("X-Webhook-Signature"))) {
			return refuse(401, "bad_signature", "Missing or invalid X-Webhook-Signature");
		}
		Delivery delivery;
		try {
			delivery = this.parser.parse(body);
		}
		catch (MalformedDeliveryException ex) {
			return refuse(400, "malformed", ex.getMessage());
		}
		try {
			String outcome = this.handler.handle(delivery);
			this.metrics.delivery(outcome);
			return ResponseEntity.ok(Map.of("status", outcome, "event_id", delivery.eventId()));
		}
		catch (PublishFailedException ex) {
			log.warn("Delivery {} not acknowledged by Kafka: answering 503 for a redelivery", delivery.eventId());
			return refuse(503, "unavailable", "Event store unavailable, retry later");
		}
	}

	private ResponseEntity<Map<String, String>> refuse(int status, String outcome, String message) {
		this.metrics.delivery(outcome);
		return ResponseEntity.status(status).body(Map.of("status", "error", "error", message));
	}

}
