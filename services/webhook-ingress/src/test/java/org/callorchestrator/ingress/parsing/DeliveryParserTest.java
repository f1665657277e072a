package org.callorchestrator.ingress.parsing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Tolerant reading of deliveries, as vobiz-facts.md advises. */
class DeliveryParserTest {

	static final String CALL = """
			{"id":"wacid.1","from":"918888888888","to":"+919876543210","timestamp":"1711360860","event":"connect",
			 "status":"Ringing","direction":"user_initiated","session":{"sdp_type":"OFFER","sdp":"v=0"}}""";

	final DeliveryParser parser = new DeliveryParser();

	@Test
	void readsTheFullWhatsAppWebhookTheValueAloneOrTheBareValueAlike() {
		String full = """
				{"object":"whatsapp_business_account","entry":[{"id":"waba","changes":[{"field":"calls",
				 "value":{"calls":[%s]}}]}]}""".formatted(CALL);
		String value = "{\"value\":{\"calls\":[%s]}}".formatted(CALL);
		String bare = "{\"calls\":[%s]}".formatted(CALL);
		for (String payload : new String[] { full, value, bare }) {
			Delivery delivery = parse(payload, "call.connect");
			assertThat(delivery.eventId()).isEqualTo("e-1");
			assertThat(delivery.occurredAt()).isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
			assertThat(delivery.signals()).singleElement().satisfies(signal -> {
				assertThat(signal.kind()).isEqualTo(CallSignal.Kind.CONNECT);
				assertThat(signal.wacid()).isEqualTo("wacid.1");
				assertThat(signal.inbound()).isTrue();
				assertThat(signal.from()).isEqualTo("+918888888888");
				assertThat(signal.to()).isEqualTo("+919876543210");
				assertThat(signal.status()).isEqualTo("RINGING");
				assertThat(signal.sdpType()).isEqualTo("offer");
				assertThat(signal.sdp()).isEqualTo("v=0");
				assertThat(signal.timestamp()).isEqualTo(Instant.ofEpochSecond(1711360860));
			});
		}
	}

	@Test
	void readsStatusesInAnyCase() {
		Delivery delivery = parse("""
				{"statuses":[{"id":"wacid.2","timestamp":"1711360861","type":"call","status":"accepted",
				 "recipient_id":"919876543210"}]}""", "call.status_change");
		assertThat(delivery.signals()).singleElement().satisfies(signal -> {
			assertThat(signal.kind()).isEqualTo(CallSignal.Kind.STATUS);
			assertThat(signal.status()).isEqualTo("ACCEPTED");
			assertThat(signal.to()).isEqualTo("+919876543210");
		});
	}

	@Test
	void readsATerminationWithItsDurationAndFirstError() {
		Delivery delivery = parse("""
				{"value":{"calls":[{"id":"wacid.3","event":"terminate","direction":"BUSINESS_INITIATED",
				 "status":"failed","duration":0,"errors":[{"code":138007,"message":"Connect timeout"}]}]}}""",
				"call.terminate");
		assertThat(delivery.signals()).singleElement().satisfies(signal -> {
			assertThat(signal.kind()).isEqualTo(CallSignal.Kind.TERMINATE);
			assertThat(signal.status()).isEqualTo("FAILED");
			assertThat(signal.durationSeconds()).isZero();
			assertThat(signal.answered()).isFalse();
			assertThat(signal.error()).isEqualTo("138007: Connect timeout");
		});
	}

	@Test
	void acceptsADeliveryWithoutCallFactsAsEmpty() {
		assertThat(parse("{\"messages\":[]}", "message.inbound").signals()).isEmpty();
	}

	@Test
	void refusesBodiesThatAreNotADelivery() {
		assertThatExceptionOfType(MalformedDeliveryException.class)
			.isThrownBy(() -> this.parser.parse("{\"event_id\":".getBytes(StandardCharsets.UTF_8)));
		assertThatExceptionOfType(MalformedDeliveryException.class)
			.isThrownBy(() -> this.parser.parse("[1,2]".getBytes(StandardCharsets.UTF_8)));
		assertThatExceptionOfType(MalformedDeliveryException.class)
			.isThrownBy(() -> this.parser.parse("{\"payload\":{}}".getBytes(StandardCharsets.UTF_8)));
	}

	Delivery parse(String payload, String type) {
		String body = """
				{"event_id":"e-1","event_type":"%s","account_id":"MA_XXXXXXXX","occurred_at":"2026-11-24T10:00:00Z",
				 "payload":%s}""".formatted(type, payload);
		return this.parser.parse(body.getBytes(StandardCharsets.UTF_8));
	}

}
