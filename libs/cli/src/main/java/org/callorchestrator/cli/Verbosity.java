package org.callorchestrator.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * A tool's {@code -v/--verbose} option, a picocli mixin for its top command (every
 * subcommand inherits it). Without it the tool prints only its own lines: every logging
 * event is denied, so the Kafka clients' WARN and INFO lines (e.g. "Not updating last
 * stable offset for partition … as it is no longer assigned", which a consumer logs when
 * it closes mid-fetch) never come between them, and what goes wrong reaches the user as
 * the tool's own one-line error and exit code. With it, every event at INFO and above is
 * let through to stderr.
 *
 * <p>
 * Both are logback turbo filters, decided before any logger's own level, so a logging
 * configuration that sets levels per logger (a test harness's, a user's) changes neither.
 * The choice is made when the option is parsed, before the command runs and creates any
 * client; it is the JVM's, as a CLI's logging is.
 */
public final class Verbosity {

	/** {@code --verbose}: the libraries' log lines at INFO and above, on stderr. */
	@Option(names = { "-v", "--verbose" }, scope = ScopeType.INHERIT, defaultValue = "false",
			description = "Also print the Kafka clients' and libraries' log lines (INFO and above) on stderr.")
	void verbose(boolean verbose) {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		context.getTurboFilterList().removeIf(OnlyOwnLines.class::isInstance);
		context.addTurboFilter(new OnlyOwnLines(verbose));
		context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(verbose ? Level.INFO : Level.OFF);
	}

	/**
	 * Denies every event (not verbose), or accepts every event at INFO and above
	 * (verbose), whatever the logger's level.
	 */
	private static final class OnlyOwnLines extends TurboFilter {

		private final boolean verbose;

		OnlyOwnLines(boolean verbose) {
			this.verbose = verbose;
			start();
		}

		@Override
		public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
				Throwable thrown) {
			if (!this.verbose) {
				return FilterReply.DENY;
			}
			return (level != null && level.isGreaterOrEqual(Level.INFO)) ? FilterReply.ACCEPT : FilterReply.NEUTRAL;
		}

	}

}
