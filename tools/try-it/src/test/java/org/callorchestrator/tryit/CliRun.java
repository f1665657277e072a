package org.callorchestrator.tryit;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.callorchestrator.testing.Infrastructure;
import picocli.CommandLine;

/**
 * The CLI run in-process as {@code main} runs it, with its stdout and stderr captured.
 */
record CliRun(int exit, String out, String err) {

	/** Runs {@code args} as they are. */
	static CliRun run(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exit = execute(out, err, args);
		return new CliRun(exit, out.toString(), err.toString());
	}

	/**
	 * Runs {@code args} against the test broker and registry (instead of the local
	 * stack's defaults).
	 */
	static CliRun onKafka(Infrastructure infra, String... args) {
		return run(withKafka(infra, args));
	}

	/**
	 * Starts {@code args} against the test broker and registry in the background; its
	 * output can be read meanwhile.
	 */
	static Background startOnKafka(Infrastructure infra, String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		CompletableFuture<Integer> exit = CompletableFuture
			.supplyAsync(() -> execute(out, err, withKafka(infra, args)));
		return new Background(exit, out, err);
	}

	/**
	 * A run in progress: StringWriter is synchronized, so its output can be read while it
	 * runs.
	 */
	record Background(CompletableFuture<Integer> exit, StringWriter out, StringWriter err) {

		CliRun join() {
			return new CliRun(this.exit.join(), this.out.toString(), this.err.toString());
		}

	}

	private static int execute(StringWriter out, StringWriter err, String... args) {
		CommandLine commandLine = TryIt.commandLine();
		commandLine.setOut(new PrintWriter(out, true));
		commandLine.setErr(new PrintWriter(err, true));
		return commandLine.execute(args);
	}

	private static String[] withKafka(Infrastructure infra, String... args) {
		List<String> all = new ArrayList<>(Arrays.asList(args));
		all.addAll(List.of("--bootstrap-servers", infra.bootstrapServers(), "--schema-registry-url",
				infra.schemaRegistryUrl()));
		return all.toArray(String[]::new);
	}

	/** Stdout's lines. */
	List<String> lines() {
		return this.out.lines().toList();
	}

}
