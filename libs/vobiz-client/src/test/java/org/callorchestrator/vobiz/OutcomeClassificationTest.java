package org.callorchestrator.vobiz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.callorchestrator.vobiz.internal.ErrorEnvelopeReader;
import org.callorchestrator.vobiz.internal.OutcomeClassifier;
import org.junit.jupiter.api.Test;

/** How answers and transport failures map to outcomes, without a server. */
class OutcomeClassificationTest {

	static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

	final OutcomeClassifier classifier = new OutcomeClassifier(new ErrorEnvelopeReader(new ObjectMapper()),
			Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void aRetryAfterHeaderInSecondsOrAsAnHttpDateBecomesTheWait() {
		assertThat(this.classifier.<Void>ofErrorStatus(429, rateLimitBody(), Optional.of("7"))).isInstanceOfSatisfying(
				VobizOutcome.RateLimited.class, r -> assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
		assertThat(this.classifier.<Void>ofErrorStatus(429, "", Optional.of("Tue, 24 Nov 2026 10:00:30 GMT")))
			.isInstanceOfSatisfying(VobizOutcome.RateLimited.class,
					r -> assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(30)));
	}

	@Test
	void withoutAHeaderTheEnvelopesRetryAfterIsUsed() {
		assertThat(this.classifier.<Void>ofErrorStatus(429, rateLimitBody(), Optional.empty())).isInstanceOfSatisfying(
				VobizOutcome.RateLimited.class, r -> assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(1)));
	}

	@Test
	void aMetaQuotaWithANextAllowedTimeIsRateLimitedUntilThen() {
		String body = """
				{"status":"error","error":{"code":"138012","message":"limit","details":{"next_allowed_at":"2026-11-24T16:00:00Z"}}}""";
		assertThat(this.classifier.<Void>ofErrorStatus(400, body, Optional.empty()))
			.isInstanceOfSatisfying(VobizOutcome.RateLimited.class, r -> {
				assertThat(r.notBefore()).isEqualTo(Instant.parse("2026-11-24T16:00:00Z"));
				assertThat(r.error().metaCode()).isEqualTo(138012);
			});
	}

	@Test
	void aMetaCodeInTheDetailsIsFoundToo() {
		String body = """
				{"status":"error","error":{"code":"FORBIDDEN","message":"no permission","details":{"meta_code":138006}}}""";
		assertThat(this.classifier.<Void>ofErrorStatus(401, body, Optional.empty())).isInstanceOfSatisfying(
				VobizOutcome.Rejected.class, r -> assertThat(r.error().metaCode()).isEqualTo(138006));
	}

	@Test
	void a503IsNotAppliedAndOther5xxAreUnknown() {
		assertThat(this.classifier.<Void>ofErrorStatus(503, "", Optional.empty()))
			.isInstanceOf(VobizOutcome.NotApplied.class);
		assertThat(this.classifier.<Void>ofErrorStatus(500, "", Optional.empty()))
			.isInstanceOf(VobizOutcome.OutcomeUnknown.class);
		assertThat(this.classifier.<Void>ofErrorStatus(502, "", Optional.empty()))
			.isInstanceOf(VobizOutcome.OutcomeUnknown.class);
		assertThat(this.classifier.<Void>ofErrorStatus(504, "", Optional.empty()))
			.isInstanceOf(VobizOutcome.OutcomeUnknown.class);
	}

	@Test
	void aNonJsonErrorBodyStillYieldsARejection() {
		assertThat(this.classifier.<Void>ofErrorStatus(404, "<html>not found</html>", Optional.empty()))
			.isInstanceOfSatisfying(VobizOutcome.Rejected.class,
					r -> assertThat(r.error().message()).contains("not found"));
	}

	@Test
	void aFailureToConnectIsNotAppliedAndALostAnswerIsUnknown() {
		assertThat(this.classifier.<Void>ofFailure(new ConnectException("refused")))
			.isInstanceOf(VobizOutcome.NotApplied.class);
		assertThat(this.classifier.<Void>ofFailure(new HttpConnectTimeoutException("slow")))
			.isInstanceOf(VobizOutcome.NotApplied.class);
		assertThat(this.classifier.<Void>ofFailure(new HttpTimeoutException("no answer")))
			.isInstanceOf(VobizOutcome.OutcomeUnknown.class);
		assertThat(this.classifier.<Void>ofFailure(new IOException("Connection reset")))
			.isInstanceOf(VobizOutcome.OutcomeUnknown.class);
	}

	@Test
	void validationErrorsKeepTheirFields() {
		String body = """
				{"status":"error","error":{"code":"VALIDATION_ERROR","message":"bad","details":{"errors":[
				{"field":"to","message":"must be E.164","code":"invalid_phone_number","value":"123"}]}},"requestId":"req_1"}""";
		assertThat(this.classifier.<Void>ofErrorStatus(422, body, Optional.empty()))
			.isInstanceOfSatisfying(VobizOutcome.Rejected.class, r -> {
				assertThat(r.error().fieldErrors()).singleElement().satisfies(f -> {
					assertThat(f.field()).isEqualTo("to");
					assertThat(f.value()).isEqualTo("123");
				});
				assertThat(r.error().requestId()).isEqualTo("req_1");
			});
	}

	static String rateLimitBody() {
		return """
				{"status":"error","error":{"code":"RATE_LIMIT_EXCEEDED","message":"slow down","details":{"retryAfter":1}}}""";
	}

}
