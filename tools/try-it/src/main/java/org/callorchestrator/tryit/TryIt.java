package org.callorchestrator.tryit;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import org.callorchestrator.cli.Verbosity;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code try-it call|watch|action|inbound|demo} against the local stack (see the README's
 * "Try it"). Exit codes: 0 done, 1 failed (a component did not answer, or what was
 * awaited did not arrive in time), 2 usage error.
 */
@Command(name = "try-it", mixinStandardHelpOptions = true, version = "try-it 0.1.0",
		description = "Try call-orchestrator against the local stack (bin/local-stack): place a call, watch its "
				+ "result, transitions and call-log records, send an action, inject an inbound call.",
		subcommands = { PlaceCall.class, WatchCalls.class, SendAction.class, InjectInboundCall.class, Demo.class,
				CommandLine.HelpCommand.class })
public final class TryIt implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	/** {@code -v/--verbose}: otherwise only the tool's own lines are printed. */
	@Mixin
	Verbosity verbosity;

	public static void main(String[] args) {
		CommandLine commandLine = commandLine();
		if (!stdoutCharset().newEncoder().canEncode('→')) {
			// e.g. LANG unset (the POSIX locale) on JDK 17: the lines' arrows would print
			// as '?'
			commandLine.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
			commandLine.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
		}
		System.exit(commandLine.execute(args));
	}

	/**
	 * What System.out encodes to: {@code stdout.encoding} (JDK 19+), else the default
	 * charset.
	 */
	private static Charset stdoutCharset() {
		String name = System.getProperty("stdout.encoding", System.getProperty("sun.stdout.encoding"));
		try {
			return (name != null) ? Charset.forName(name) : Charset.defaultCharset();
		}
		catch (IllegalArgumentException ex) {
			return Charset.defaultCharset();
		}
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
		CommandLine commandLine = new CommandLine(new TryIt());
		commandLine.setCaseInsensitiveEnumValuesAllowed(true);
		commandLine.setExecutionExceptionHandler(TryIt::report);
		return commandLine;
	}

	/** No subcommand: the usage, as a usage error. */
	@Override
	public Integer call() {
		this.spec.commandLine().getErr().println("Missing a command: call, watch, action, inbound or demo.");
		this.spec.commandLine().usage(this.spec.commandLine().getErr());
		return 2;
	}

	/**
	 * Failures while running a command: one line naming what did not answer, no stack
	 * trace.
	 */
	private static int report(Exception ex, CommandLine commandLine, ParseResult parsed) {
		commandLine.getErr().println("try-it " + commandLine.getCommandName() + ": " + Failure.describe(ex));
		return 1;
	}

}
