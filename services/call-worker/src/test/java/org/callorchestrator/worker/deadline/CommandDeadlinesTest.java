package org.callorchestrator.worker.deadline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.callorchestrator.schema.CallAction;
import org.callorchestrator.schema.CallActionCommand;
import org.callorchestrator.schema.CallInitiateCommand;
import org.callorchestrator.schema.DeadLetterHeaders;
import org.callorchestrator.schema.ErrorCategory;
import org.callorchestrator.worker.WorkerSettings;
import org.callorchestrator.worker.deadletter.CommandFailure;
import org.callorchestrator.worker.metrics.WorkerMetrics;
import org.callorchestrator.testing.TestCommands;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class CommandDeadlinesTest {

	private static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final CommandDeadlines deadlines = deadlines(Map.of());

	@Test
	void givesAnInitiateWithoutExpiresAtFiveMinutesFromItsRequest() {
		Deadline deadline = this.deadlines.of(initiate(NOW, null), null);
		assertThat(deadline.at()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
		assertThat(deadline.basis()).isEqualTo("requested_at + PT5M");
	}

	@Test
	void takesTheProducersExpiresAtOverTheDefaultEvenWhenItIsLater() {
		Instant expiresAt = NOW.plus(Duration.ofHours(1));
		Deadline deadline = this.deadlines.of(initiate(NOW, expiresAt), null);
		assertThat(deadline).isEqualTo(new Deadline(expiresAt, "expires_at"));
	}

	@Test
	void givesPreAcceptAndAcceptTheRingingWindowAndRejectAndTerminateNoDefault() {
		assertThat(this.deadlines.of(action(CallAction.PRE_ACCEPT, NOW, null), null).at())
			.isEqualTo(NOW.plusSeconds(30));
		assertThat(this.deadlines.of(action(CallAction.ACCEPT, NOW, null), null).at()).isEqualTo(NOW.plusSeconds(30));
		assertThat(this.deadlines.of(action(CallAction.REJECT, NOW, null), null)).isEqualTo(Deadline.NONE);
		assertThat(this.deadlines.of(action(CallAction.TERMINATE, NOW, null), null)).isEqualTo(Deadline.NONE);
	}

	@Test
	void honoursAnExplicitExpiresAtOnATerminate() {
		Instant expiresAt = NOW.plusSeconds(5);
		assertThat(this.deadlines.of(action(CallAction.TERMINATE, NOW, expiresAt), null).at()).isEqualTo(expiresAt);
	}

	@Test
	void keepsTodaysBehaviourForACommandWithNeitherAUsableRequestedAtNorExpiresAt() {
		assertThat(this.deadlines.of(initiate(Instant.EPOCH, null), null)).isEqualTo(Deadline.NONE);
		assertThat(this.deadlines.of(action(CallAction.ACCEPT, Instant.EPOCH, null), null)).isEqualTo(Deadline.NONE);
		assertThat(Deadline.NONE.passed(Instant.MAX)).isFalse();
	}

	@Test
	void turnsTheDefaultsOffWithAMaximumAgeOfZero() {
		CommandDeadlines off = deadlines(
				Map.of("worker.deadline.initiate-max-age", "0s", "worker.deadline.action-max-age", "0s"));
		assertThat(off.of(initiate(NOW, null), null)).isEqualTo(Deadline.NONE);
		assertThat(off.of(action(CallAction.ACCEPT, NOW, null), null)).isEqualTo(Deadline.NONE);
	}

	@Test
	void takesTheNewDeadlineAReplayGaveOverTheCommandsOwn() {
		RecordHeaders headers = new RecordHeaders();
		headers.add(DeadLetterHeaders.EXPIRES_AT, "2026-12-03T09:00:00Z".getBytes(StandardCharsets.UTF_8));
		Deadline deadline = this.deadlines.of(initiate(NOW, NOW.plusSeconds(1)), headers);
		assertThat(deadline.at()).isEqualTo(Instant.parse("2026-12-03T09:00:00Z"));
		assertThat(deadline.basis()).isEqualTo("x-expires-at header");
	}

	@Test
	void ignoresAnExpiresAtHeaderThatIsNotAnInstant() {
		RecordHeaders headers = new RecordHeaders();
		headers.add(DeadLetterHeaders.EXPIRES_AT, "tomorrow".getBytes(StandardCharsets.UTF_8));
		assertThat(this.deadlines.of(initiate(NOW, null), headers).basis()).isEqualTo("requested_at + PT5M");
	}

	@Test
	void describesAnExpiredCommandWithItsDeadlineAndHowLateItWasAndCountsIt() {
		Deadline deadline = new Deadline(NOW.minusMillis(1500), "expires_at");
		CommandFailure failure = this.deadlines.expired("initiate", deadline, 2);
		assertThat(failure.category()).isEqualTo(ErrorCategory.EXPIRED);
		assertThat(failure.code()).isEqualTo(CommandDeadlines.CODE);
		assertThat(failure.retryable()).isFalse();
		assertThat(failure.attempts()).isEqualTo(2);
		assertThat(failure.expiry()).isEqualTo(new CommandFailure.Expiry(deadline.at(), Duration.ofMillis(1500)));
		assertThat(failure.message()).contains("2026-12-03T07:59:58.500Z (expires_at)")
			.contains("1500 ms")
			.contains("never sent")
			.contains("--expires-in");
		assertThat(this.registry.get("callworker.commands.expired").tag("kind", "initiate").counter().count())
			.isEqualTo(1);
	}

	@Test
	void cutsAWaitShortAtTheDeadline() {
		Deadline deadline = new Deadline(NOW.plusSeconds(2), "expires_at");
		assertThat(deadline.capped(Duration.ofSeconds(10), NOW)).isEqualTo(Duration.ofMillis(2001));
		assertThat(deadline.capped(Duration.ofSeconds(1), NOW)).isEqualTo(Duration.ofSeconds(1));
		assertThat(deadline.capped(Duration.ofSeconds(1), NOW.plusSeconds(5))).isZero();
		assertThat(Deadline.NONE.capped(Duration.ofSeconds(10), NOW)).isEqualTo(Duration.ofSeconds(10));
	}

	private CommandDeadlines deadlines(Map<String, String> properties) {
		WorkerSettings settings = new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("worker",
				WorkerSettings.class);
		return new CommandDeadlines(settings, new WorkerMetrics(this.registry), Clock.fixed(NOW, ZoneOffset.UTC));
	}

	private static CallInitiateCommand initiate(Instant requestedAt, Instant expiresAt) {
		return CallInitiateCommand.newBuilder()
			.setCommandId("cmd-1")
			.setChannelId(TestCommands.CHANNEL_ID)
			.setTo("+919876543210")
			.setSdpOffer("v=0")
			.setRequestedAt(requestedAt)
			.setExpiresAt(expiresAt)
			.build();
	}

	private static CallActionCommand action(CallAction action, Instant requestedAt, Instant expiresAt) {
		return CallActionCommand.newBuilder()
			.setCommandId("cmd-2")
			.setChannelId(TestCommands.CHANNEL_ID)
			.setCallId("call-1")
			.setAction(action)
			.setSdp("v=0")
			.setRequestedAt(requestedAt)
			.setExpiresAt(expiresAt)
			.build();
	}

}
