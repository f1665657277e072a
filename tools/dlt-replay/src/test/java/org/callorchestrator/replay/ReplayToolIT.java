package org.callorchestrator.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import org.callorchestrator.schema.DeadLetterHeaders;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.testing.Infrastructure;
import org.callorchestrator.testing.LoggedEvents;
import org.callorchestrator.testing.RealInfrastructure;
import org.callorchestrator.testing.TopicRecorder;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The tool's mechanics against the real broker and registry, on scratch topics (no worker
 * involved).
 */
@RealInfrastructure
class ReplayToolIT {

	@Test
	void replaysToTheOriginalTopicWithTheOriginalKeyValueAndHeadersPlusReplayHeaders(Infrastructure infra) {
		Topics2 topics = new Topics2(infra);
		List<String> ids = SyntheticDeadLetters.write(infra, topics.dlt, topics.original, 3, 0);
		try (TopicRecorder recorder = new TopicRecorder(infra, List.of(topics.original, Topics.REPLAY_AUDIT))) {
			Result result = run(infra, "replay", "--topic", topics.dlt, "--operator", "ops-test");
			assertThat(result.exit).isZero();
			assertThat(result.out).contains("replayed 3");
			await().until(() -> recorder.records(topics.original).size() == 3);
			var replayed = recorder.records(topics.original).get(0);
			assertThat(ids).contains(new String(replayed.key()));
			assertThat(TopicRecorder.header(replayed, "traceparent")).isEqualTo("00-abc-def-01");
			assertThat(TopicRecorder.header(replayed, "kafka_dlt-original-topic")).isNull();
			assertThat(TopicRecorder.header(replayed, DeadLetterHeaders.ERROR_CATEGORY)).isNull();
			assertThat(TopicRecorder.header(replayed, DeadLetterHeaders.REPLAY_COUNT)).isEqualTo("1");
			assertThat(TopicRecorder.header(replayed, DeadLetterHeaders.REPLAY_ID)).isNotBlank();
			await().until(() -> recorder.records(Topics.REPLAY_AUDIT)
				.stream()
				.filter(r -> new String(r.value()).contains(topics.dlt))
				.count() == 3);
			assertThat(recorder.records(Topics.REPLAY_AUDIT))
				.filteredOn(r -> new String(r.value()).contains(topics.dlt))
				.allSatisfy(r -> assertThat(new String(r.value())).contains("\"operator\":\"ops-test\"")
					.contains("\"error_category\":\"RETRIES_EXHAUSTED\""));
		}
	}

	@Test
	void aDryRunSendsNothing(Infrastructure infra) {
		Topics2 topics = new Topics2(infra);
		SyntheticDeadLetters.write(infra, topics.dlt, topics.original, 2, 0);
		try (TopicRecorder recorder = new TopicRecorder(infra, List.of(topics.original))) {
			Result result = run(infra, "replay", "--topic", topics.dlt, "--dry-run");
			assertThat(result.exit).isZero();
			assertThat(result.out).contains("would replay 2");
			await().during(Duration.ofSeconds(1))
				.atMost(Duration.ofSeconds(3))
				.until(() -> recorder.records(topics.original).isEmpty());
		}
	}

	@Test
	void holdsTheRateCapWithinTenPercent(Infrastructure infra) {
		Topics2 topics = new Topics2(infra);
		SyntheticDeadLetters.write(infra, topics.dlt, topics.original, 40, 0);
		Result result = run(infra, "replay", "--topic", topics.dlt, "--rate", "20");
		Matcher seconds = Pattern.compile("in ([0-9.]+) s").matcher(result.out);
		assertThat(seconds.find()).isTrue();
		double rate = 40 / Double.parseDouble(seconds.group(1));
		assertThat(rate).isBetween(18.0, 22.0);
	}

	@Test
	void resumesAnInterruptedReplayWithoutSendingAnythingTwice(Infrastructure infra) {
		Topics2 topics = new Topics2(infra);
		SyntheticDeadLetters.write(infra, topics.dlt, topics.original, 10, 0);
		try (TopicRecorder recorder = new TopicRecorder(infra, List.of(topics.original))) {
			assertThat(run(infra, "replay", "--topic", topics.dlt, "--replay-id", "resume-1", "--limit", "4").out)
				.contains("replayed 4");
			Result resumed = run(infra, "replay", "--topic", topics.dlt, "--replay-id", "resume-1");
			assertThat(resumed.out).contains("replayed 6").contains("already replayed 4");
			await().until(() -> recorder.records(topics.original).size() == 10);
		}
	}

	@Test
	void refusesLettersOverTheReplayCapAndUndecodableOnesAndExitsNonZero(Infrastructure infra) {
		Topics2 topics = new Topics2(infra);
		SyntheticDeadLetters.write(infra, topics.dlt, topics.original, 1, 3);
		SyntheticDeadLetters.writeGarbage(infra, topics.dlt, topics.original, "garbage-key");
		SyntheticDeadLetters.write(infra, topics.dlt, topics.original, 1, 0);
		Result result = run(infra, "replay", "--topic", topics.dlt);
		assertThat(result.exit).isEqualTo(1);
		assertThat(result.out).contains("replayed 1")
			.contains("refused 2")
			.contains("replayed 3 times already")
			.contains("does not decode");
	}

	@Test
	void refusesAnExpiredLetterWithoutANewDeadlineAndSaysHowToGiveOne(Infrastructure infra) throws Exception {
		Topics2 topics = new Topics2(infra);
		SyntheticDeadLetters.write(infra, topics.dlt, topics.original, 1, 0, "EXPIRED");
		SyntheticDeadLetters.write(infra, topics.dlt, topics.original, 1, 0);
		try (TopicRecorder recorder = new TopicRecorder(infra, List.of(topics.original))) {
			Result result = run(infra, "replay", "--topic", topics.dlt);
			assertThat(result.exit).isEqualTo(1);
			assertThat(result.out).contains("no new deadline")
				.contains("replayed 1")
				.contains("refused 1")
				.contains("is EXPIRED")
				.contains("--expires-in");
			await().until(() -> recorder.records(topics.original).size() == 1);
			assertThat(TopicRecorder.header(recorder.records(topics.original).get(0), DeadLetterHeaders.EXPIRES_AT))
				.as("the other letter keeps its own deadline")
				.isNull();
		}
	}

	@Test
	void replaysAnExpiredLetterWithTheNewDeadlineTheOperatorGave(Infrastructure infra) {
		Topics2 topics = new Topics2(infra);
		SyntheticDeadLetters.write(infra, topics.dlt, topics.original, 1, 0, "EXPIRED");
		try (TopicRecorder recorder = new TopicRecorder(infra, List.of(topics.original))) {
			Instant before = Instant.now();
			Result result = run(infra, "replay", "--topic", topics.dlt, "--expires-in", "2m");
			Instant after = Instant.now();
			assertThat(result.exit).isZero();
			assertThat(result.out).contains("new deadline: x-expires-at = replay time + PT2M").contains("replayed 1");
			await().until(() -> recorder.records(topics.original).size() == 1);
			var replayed = recorder.records(topics.original).get(0);
			assertThat(Instant.parse(TopicRecorder.header(replayed, DeadLetterHeaders.EXPIRES_AT)))
				.isBetween(before.plusSeconds(120), after.plusSeconds(120));
			assertThat(TopicRecorder.header(replayed, DeadLetterHeaders.DEADLINE)).isNull();
			assertThat(TopicRecorder.header(replayed, DeadLetterHeaders.LATE_MS)).isNull();
		}
	}

	@Test
	void refusesTwoDeadlinesOrOneAlreadyPastAsAUsageError(Infrastructure infra) {
		Topics2 topics = new Topics2(infra);
		assertThat(run(infra, "replay", "--topic", topics.dlt, "--expires-in", "2m", "--expires-at",
				"2099-01-01T00:00:00Z").exit)
			.isEqualTo(2);
		assertThat(run(infra, "replay", "--topic", topics.dlt, "--expires-at", "2020-01-01T00:00:00Z").exit)
			.isEqualTo(2);
		assertThat(run(infra, "replay", "--topic", topics.dlt, "--expires-in", "soon").exit).isEqualTo(2);
	}

	@Test
	void listsWithFiltersAndCountsPerCategory(Infrastructure infra) {
		Topics2 topics = new Topics2(infra);
		List<String> ids = SyntheticDeadLetters.write(infra, topics.dlt, topics.original, 3, 0);
		SyntheticDeadLetters.writeGarbage(infra, topics.dlt, topics.original, "k-validation");
		Result all = run(infra, "list", "--topic", topics.dlt, "--counts-only");
		assertThat(all.out).contains("RETRIES_EXHAUSTED  3").contains("VALIDATION         1").contains("total 4");
		Result one = run(infra, "list", "--topic", topics.dlt, "--command-id", ids.get(1));
		assertThat(one.out).contains(ids.get(1)).doesNotContain(ids.get(0)).contains("total 1");
		Result byKey = run(infra, "list", "--topic", topics.dlt, "--key", "k-validation", "--category", "VALIDATION");
		assertThat(byKey.out).contains("total 1");
	}

	@Test
	void showsOneLetterDecodedWithItsHeaders(Infrastructure infra) {
		Topics2 topics = new Topics2(infra);
		List<String> ids = SyntheticDeadLetters.write(infra, topics.dlt, topics.original, 1, 0);
		Result shown = run(infra, "show", topics.dlt + "-0@0");
		assertThat(shown.out).contains(ids.get(0))
			.contains("x-error-category: RETRIES_EXHAUSTED")
			.contains("+919876543210");
	}

	@Test
	void printsOnlyItsOwnLinesAndNoLibraryLogLineWhenNotVerbose(Infrastructure infra) {
		Topics2 topics = new Topics2(infra);
		SyntheticDeadLetters.write(infra, topics.dlt, topics.original, 2, 0);
		try (LoggedEvents logged = LoggedEvents.capture()) {
			Result result = run(infra, "list", "--topic", topics.dlt);

			assertThat(result.exit).isZero();
			assertThat(result.out.lines()).as("two letters, one count line, the total").hasSize(4);
			assertThat(logged.events()).as("no log line of the Kafka clients (or anyone) reached the console")
				.isEmpty();
		}
	}

	@Test
	void printsTheKafkaClientsLogLinesWhenVerbose(Infrastructure infra) {
		Topics2 topics = new Topics2(infra);
		try (LoggedEvents logged = LoggedEvents.capture()) {
			Result result = run(infra, "list", "--topic", topics.dlt, "--verbose");

			assertThat(result.exit).isZero();
			assertThat(result.out.lines()).containsExactly("total 0");
			assertThat(logged.events()).as("the consumer's INFO lines, e.g. its configuration and version")
				.anySatisfy(event -> assertThat(event.getLoggerName()).startsWith("org.apache.kafka"))
				.allSatisfy(event -> assertThat(event.getLevel().isGreaterOrEqual(Level.INFO)).isTrue());
		}
	}

	static Result run(Infrastructure infra, String... args) {
		StringWriter out = new StringWriter();
		CommandLine command = new CommandLine(DltReplay.class);
		command.setOut(new PrintWriter(out, true));
		command.setErr(new PrintWriter(out, true));
		String[] all = new String[args.length + 4];
		System.arraycopy(args, 0, all, 0, args.length);
		all[args.length] = "--bootstrap-servers";
		all[args.length + 1] = infra.bootstrapServers();
		all[args.length + 2] = "--schema-registry-url";
		all[args.length + 3] = infra.schemaRegistryUrl();
		int exit = command.execute(all);
		return new Result(exit, out.toString());
	}

	record Result(int exit, String out) {
	}

	/** A scratch original topic and its dead-letter topic. */
	static final class Topics2 {

		final String original;

		final String dlt;

		Topics2(Infrastructure infra) {
			this.original = infra.createTopic("replay-original", 1);
			this.dlt = infra.createTopic("replay-dlt", 1);
			infra.createTopicIfAbsent(Topics.REPLAY_AUDIT, 1);
		}

	}

}
