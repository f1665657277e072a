package org.callorchestrator.ingress.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The signature check, without a server: what it accepts and what it refuses. */
class WebhookSignatureTest {

	final byte[] body = "{\"event_id\":\"e-1\"}".getBytes(StandardCharsets.UTF_8);

	final WebhookSignature signature = new WebhookSignature(List.of("current", "next"));

	@Test
	void acceptsTheLowercaseHexHmacOfTheRawBodyWithEitherSecret() {
		assertThat(this.signature.verifies(this.body, WebhookSignature.sign(this.body, "current"))).isTrue();
		assertThat(this.signature.verifies(this.body, WebhookSignature.sign(this.body, "next"))).isTrue();
	}

	@Test
	void matchesAKnownHmacSha256Vector() {
		byte[] message = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8);
		assertThat(WebhookSignature.sign(message, "key"))
			.isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
	}

	@Test
	void toleratesASha256PrefixAndUppercaseHex() {
		String hex = WebhookSignature.sign(this.body, "current");
		assertThat(this.signature.verifies(this.body, "sha256=" + hex)).isTrue();
		assertThat(this.signature.verifies(this.body, hex.toUpperCase())).isTrue();
	}

	@Test
	void refusesAnotherSecretAChangedBodyAMissingOrGarbledHeader() {
		String hex = WebhookSignature.sign(this.body, "current");
		assertThat(this.signature.verifies(this.body, WebhookSignature.sign(this.body, "old"))).isFalse();
		assertThat(this.signature.verifies("{\"event_id\":\"e-2\"}".getBytes(StandardCharsets.UTF_8), hex)).isFalse();
		assertThat(this.signature.verifies(this.body, null)).isFalse();
		assertThat(this.signature.verifies(this.body, "")).isFalse();
		assertThat(this.signature.verifies(this.body, "not-hex")).isFalse();
		assertThat(this.signature.verifies(this.body, hex.substring(2))).isFalse();
	}

}
