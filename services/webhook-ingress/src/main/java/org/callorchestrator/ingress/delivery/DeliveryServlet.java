package org.callorchestrator.ingress.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.callorchestrator.ingress.IngressSettings;
import org.callorchestrator.ingress.metrics.IngressMetrics;
import org.callorchestrator.ingress.parsing.Delivery;
import org.callorchestrator.ingress.parsing.DeliveryParser;
import org.callorchestrator.ingress.parsing.MalformedDeliveryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /webhooks/vobiz}: the body is read as raw bytes (at most
 * {@code ingress.max-body-bytes}, else 413), its signature checked before anything is
 * parsed (401), then parsed (400) and handed to the {@link DeliveryHandler} (200 once
 * Kafka has its observations, 503 when it does not answer in time). Nothing is published
 * on any error answer.
 *
 * <p>
 * A plain servlet rather than a {@code @RestController}: at thousands of deliveries a
 * second Spring MVC's dispatch, content negotiation and message conversion took about a
 * quarter of the ingress's CPU (JFR, see the README), and this endpoint needs none of
 * them. Each delivery is handled in its own span ({@link DeliveryTrace}). Thread-safe.
 */
final class DeliveryServlet extends HttpServlet {

	private static final long serialVersionUID = 1L;

	private static final Logger log = LoggerFactory.getLogger(DeliveryServlet.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final transient WebhookSignature signature;

	private final transient DeliveryParser parser;

	private final transient DeliveryHandler handler;

	private final transient IngressMetrics metrics;

	private final transient DeliveryTrace trace;

	private final int maxBodyBytes;

	DeliveryServlet(IngressSettings settings, DeliveryParser parser, DeliveryHandler handler, IngressMetrics metrics,
			DeliveryTrace trace) {
		this.signature = new WebhookSignature(settings.secrets());
		this.parser = parser;
		this.handler = handler;
		this.metrics = metrics;
		this.trace = trace;
		this.maxBodyBytes = settings.maxBodyBytes();
	}

	@Override
	protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
		DeliveryTrace.Scope traced = this.trace.begin(request);
		try {
			Answer answer = answer(request);
			byte[] body = answer.json().getBytes(StandardCharsets.UTF_8);
			response.setStatus(answer.status());
			response.setContentType("application/json");
			response.setContentLength(body.length);
			response.getOutputStream().write(body);
		}
		finally {
			traced.close();
		}
	}

	/** The answer to one delivery; every outcome is counted. */
	Answer answer(HttpServletRequest request) throws IOException {
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
			return new Answer(200, json("status", outcome, "event_id", delivery.eventId()));
		}
		catch (PublishFailedException ex) {
			log.warn("Delivery {} not acknowledged by Kafka: answering 503 for a redelivery", delivery.eventId());
			return refuse(503, "unavailable", "Event store unavailable, retry later");
		}
	}

	private Answer refuse(int status, String outcome, String message) {
		this.metrics.delivery(outcome);
		return new Answer(status, json("status", "error", "error", message));
	}

	/** A JSON object of two string fields, in this order, escaped by Jackson. */
	private static String json(String name, String value, String otherName, String otherValue) {
		return JSON.writeValueAsString(JSON.createObjectNode().put(name, value).put(otherName, otherValue));
	}

	/**
	 * @param status HTTP status
	 * @param json response body
	 */
	record Answer(int status, String json) {
	}

}
