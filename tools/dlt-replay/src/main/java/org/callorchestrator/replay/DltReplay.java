package org.callorchestrator.replay;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.callorchestrator.cli.KafkaOptions;
import org.callorchestrator.cli.Verbosity;
import org.callorchestrator.serde.SchemaRegistryAvroDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code dlt-replay list|show|replay}: the ops runbook's tool (see the README). Exit
 * codes: 0 done, 1 partial failure (some selected letters refused or not sent), 2 usage
 * error.
 */
@Command(name = "dlt-replay", mixinStandardHelpOptions = true, version = "dlt-replay 0.1.0",
		description = "Inspect and replay the call worker's dead letters.", subcommands = {
				DltReplay.ListDeadLetters.class, DltReplay.ShowDeadLetter.class, DltReplay.ReplayDeadLetters.class })
public final class DltReplay {

	/** {@code -v/--verbose}: otherwise only the tool's own lines are printed. */
	@Mixin
	Verbosity verbosity;

	/** picocli makes the one instance it needs (the subcommands are nested classes). */
	private DltReplay() {
	}

	public static void main(String[] args) {
		System.exit(run(args));
	}

	/**
	 * Runs the tool with {@code args} and returns its exit code (for tests and
	 * embedding).
	 */
	public static int run(String... args) {
		return commandLine().execute(args);
	}

	/**
	 * The tool's command line, configured as {@link #main} runs it; tests set its output
	 * writers.
	 */
	public static CommandLine commandLine() {
		CommandLine commandLine = new CommandLine(DltReplay.class);
		commandLine.setExecutionExceptionHandler(DltReplay::report);
		return commandLine;
	}

	/**
	 * A failure while running a command (the broker refused the credentials, the registry
	 * did not answer …): one line naming it, exit code 1, no stack trace.
	 */
	private static int report(Exception ex, CommandLine commandLine, ParseResult parsed) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String line = ex.getClass().getSimpleName() + ": " + ex.getMessage()
				+ ((root != ex) ? " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")" : "");
		commandLine.getErr().println("dlt-replay " + commandLine.getCommandName() + ": " + line.replace('\n', ' '));
		return 1;
	}

	static List<DeadLetter> select(KafkaOptions kafka, FilterOptions filter) {
		DeadLetterFilter selection = filter.filter();
		List<DeadLetter> selected = new ArrayList<>();
		new DeadLetterReader(kafka.kafka()).read(filter.topics, letter -> {
			if (selection.matches(letter)) {
				selected.add(letter);
			}
		});
		return selected;
	}

	/**
	 * {@code list}: the selected dead letters, one line each, and counts per category.
	 */
	@Command(name = "list", description = "List dead letters matching the filters, with counts per category.")
	static final class ListDeadLetters implements Callable<Integer> {

		@Mixin
		KafkaOptions kafka;

		@Mixin
		FilterOptions filter;

		@Option(names = "--counts-only", description = "Print only the counts per category")
		boolean countsOnly;

		@Spec
		CommandLine.Model.CommandSpec spec;

		@Override
		public Integer call() {
			PrintWriter out = this.spec.commandLine().getOut();
			Map<String, Integer> counts = new TreeMap<>();
			for (DeadLetter letter : select(this.kafka, this.filter)) {
				counts.merge(String.valueOf(letter.category()), 1, Integer::sum);
				if (!this.countsOnly) {
					out.printf("%s  %s  %-18s %-10s command=%s key=%s original=%s-%s replays=%d  %s%n",
							letter.position(), letter.deadLetteredAt(), letter.category(), letter.code(),
							letter.commandId(), letter.key(), letter.originalTopic(), letter.originalPartition(),
							letter.replayCount(), letter.message());
				}
			}
			counts.forEach((category, count) -> out.printf("%-18s %d%n", category, count));
			out.printf("total %d%n", counts.values().stream().mapToInt(Integer::intValue).sum());
			return 0;
		}

	}

	/** {@code show}: one dead letter decoded, with every header. */
	@Command(name = "show", description = "Show one dead letter (topic-partition@offset) decoded, with all headers.")
	static final class ShowDeadLetter implements Callable<Integer> {

		@Mixin
		KafkaOptions kafka;

		@Parameters(paramLabel = "POSITION", description = "e.g. call.initiate-dlt-3@42")
		String position;

		@Spec
		CommandLine.Model.CommandSpec spec;

		@Override
		public Integer call() {
			PrintWriter out = this.spec.commandLine().getOut();
			String topic = this.position.substring(0, this.position.lastIndexOf('-'));
			List<DeadLetter> found = new ArrayList<>();
			new DeadLetterReader(this.kafka.kafka()).read(List.of(topic), letter -> {
				if (letter.position().equals(this.position)) {
					found.add(letter);
				}
			});
			if (found.isEmpty()) {
				this.spec.commandLine().getErr().println("No dead letter at " + this.position);
				return 1;
			}
			DeadLetter letter = found.get(0);
			out.println("position: " + letter.position());
			out.println("key: " + letter.key());
			out.println("headers:");
			for (Header header : letter.record().headers()) {
				out.println("  " + header.key() + ": " + printable(header.value()));
			}
			SchemaRegistryAvroDeserializer decoder = decoder(this.kafka);
			try {
				out.println("value: " + decoder.deserialize(letter.originalTopic(), letter.record().value()));
			}
			catch (RuntimeException ex) {
				out.println("value (undecodable: " + ex.getMessage() + "), raw base64: "
						+ Base64.getEncoder().encodeToString(letter.record().value()));
			}
			return 0;
		}

		static String printable(byte[] value) {
			String text = new String(value, StandardCharsets.UTF_8);
			if (text.chars().allMatch(c -> c >= 32 && c < 127)) {
				return text;
			}
			if (value.length == 4 || value.length == 8) {
				ByteBuffer buffer = ByteBuffer.wrap(value);
				return (value.length == 4) ? Integer.toString(buffer.getInt()) : Long.toString(buffer.getLong());
			}
			return "0x" + HexFormat.of().formatHex(value);
		}

	}

	/** {@code replay}: send the selected dead letters back to their original topics. */
	@Command(name = "replay", description = "Replay dead letters matching the filters to their original topics.")
	static final class ReplayDeadLetters implements Callable<Integer> {

		@Mixin
		KafkaOptions kafka;

		@Mixin
		FilterOptions filter;

		@Option(names = "--dry-run", description = "List what would be replayed; change nothing")
		boolean dryRun;

		@Option(names = "--rate", description = "Records per second (default: unthrottled)")
		Double rate;

		@Option(names = "--limit", description = "Replay at most this many records")
		Integer limit;

		@Option(names = "--max-replays", defaultValue = "3",
				description = "Refuse letters already replayed this many times (default: ${DEFAULT-VALUE})")
		int maxReplays;

		@Option(names = "--replay-id", description = "Reuse to resume an interrupted replay (default: a new id)")
		String replayId;

		@Option(names = "--operator", defaultValue = "${sys:user.name}", description = "Who replays (audit)")
		String operator;

		@Option(names = "--expires-in", paramLabel = "DURATION",
				description = "A new deadline for every replayed command, this long after it is replayed (e.g. 2m, "
						+ "PT90S): sent as x-expires-at, which the worker takes over the command's expires_at and "
						+ "its default. Needed to replay EXPIRED letters")
		String expiresIn;

		@Option(names = "--expires-at", paramLabel = "INSTANT",
				description = "A new deadline for every replayed command, as an ISO-8601 instant (e.g. "
						+ "2026-12-03T09:00:00Z); as --expires-in")
		String expiresAt;

		@Spec
		CommandLine.Model.CommandSpec spec;

		@Override
		public Integer call() throws InterruptedException {
			PrintWriter out = this.spec.commandLine().getOut();
			Replayer.NewDeadline deadline = newDeadline();
			String id = (this.replayId != null) ? this.replayId : UUID.randomUUID().toString();
			List<DeadLetter> selected = select(this.kafka, this.filter);
			out.printf("replay %s: %d dead letters selected (%s)%s%n", id, selected.size(),
					this.filter.filter().describe(), this.dryRun ? " — dry run, nothing will be sent" : "");
			out.println((deadline != null) ? "new deadline: " + deadline
					: "no new deadline: each command keeps its own (EXPIRED letters are refused; give --expires-in "
							+ "to replay them)");
			Map<String, Object> producerConfig = new HashMap<>(this.kafka.kafka());
			producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
			producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
			producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 5);
			try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(),
					new ByteArraySerializer())) {
				ReplayAudit audit = new ReplayAudit(producer, new DeadLetterReader(this.kafka.kafka()));
				Replayer replayer = new Replayer(producer, audit, decoder(this.kafka), Clock.systemUTC(),
						new PrintStream(System.err, true));
				Replayer.Summary summary = replayer.replay(selected,
						new Replayer.Plan(id, this.operator, this.filter.filter().describe(), this.dryRun, this.rate,
								this.limit, this.maxReplays, deadline));
				out.printf("replay %s: %s %d, already replayed %d, beyond limit %d, refused %d, failed %d in %.2f s%n",
						id, this.dryRun ? "would replay" : "replayed", this.dryRun ? summary.wouldSend : summary.sent,
						summary.alreadyReplayed, summary.beyondLimit, summary.refused.size(), summary.failed.size(),
						summary.seconds);
				summary.refused.forEach(r -> out.println("refused: " + r));
				summary.failed.forEach(f -> out.println("failed: " + f));
				return summary.complete() ? 0 : 1;
			}
		}

		/**
		 * The deadline the options give, or null; a usage error for both, a bad value, or
		 * a time already past.
		 */
		private Replayer.NewDeadline newDeadline() {
			if (this.expiresIn != null && this.expiresAt != null) {
				throw new CommandLine.ParameterException(this.spec.commandLine(),
						"Give either --expires-in or --expires-at, not both");
			}
			try {
				if (this.expiresIn != null) {
					Duration after = duration(this.expiresIn);
					if (after.isNegative() || after.isZero()) {
						throw new CommandLine.ParameterException(this.spec.commandLine(),
								"--expires-in must be positive: " + this.expiresIn);
					}
					return new Replayer.NewDeadline(null, after);
				}
				if (this.expiresAt != null) {
					Instant at = Instant.parse(this.expiresAt);
					if (!at.isAfter(Instant.now())) {
						throw new CommandLine.ParameterException(this.spec.commandLine(),
								"--expires-at is already past: " + this.expiresAt);
					}
					return new Replayer.NewDeadline(at, null);
				}
				return null;
			}
			catch (DateTimeParseException ex) {
				throw new CommandLine.ParameterException(this.spec.commandLine(),
						"Not a duration (2m, 90s, PT2M) or ISO-8601 instant: " + ex.getParsedString());
			}
		}

		/** {@code 90s}, {@code 2m}, {@code 1h} or an ISO-8601 duration ({@code PT2M}). */
		static Duration duration(String text) {
			String value = text.trim().toUpperCase(Locale.ROOT);
			return Duration.parse(value.matches("\\d+[SMH]") ? "PT" + value : value);
		}

	}

	static SchemaRegistryAvroDeserializer decoder(KafkaOptions kafka) {
		SchemaRegistryAvroDeserializer decoder = new SchemaRegistryAvroDeserializer();
		decoder.configure(kafka.kafka(), false);
		return decoder;
	}

}
