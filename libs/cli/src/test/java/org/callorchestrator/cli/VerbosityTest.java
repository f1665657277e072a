package org.callorchestrator.cli;

import java.util.concurrent.Callable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import static org.assertj.core.api.Assertions.assertThat;

class VerbosityTest {

	private static final Logger ROOT = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);

	@AfterEach
	void restore() {
		((LoggerContext) LoggerFactory.getILoggerFactory()).resetTurboFilterList();
		ROOT.setLevel(Level.WARN);
		((Logger) LoggerFactory.getLogger("org.apache.kafka")).setLevel(null);
	}

	@Test
	void turnsEveryLoggerOffWhenNotVerbose() {
		ROOT.setLevel(Level.DEBUG);

		int exit = new CommandLine(new Tool()).execute("list");

		assertThat(exit).isZero();
		assertThat(LoggerFactory.getLogger("org.apache.kafka.clients.consumer").isWarnEnabled()).isFalse();
		assertThat(LoggerFactory.getLogger("org.callorchestrator").isErrorEnabled()).isFalse();
	}

	@Test
	void silencesEvenALoggerWhoseOwnLevelIsSetWhenNotVerbose() {
		((Logger) LoggerFactory.getLogger("org.apache.kafka")).setLevel(Level.WARN);

		new CommandLine(new Tool()).execute("list");

		assertThat(LoggerFactory.getLogger("org.apache.kafka.clients.consumer").isWarnEnabled()).isFalse();
	}

	@Test
	void letsTheLibrariesLogAtInfoWhenASubcommandIsGivenVerbose() {
		int exit = new CommandLine(new Tool()).execute("list", "--verbose");

		assertThat(exit).isZero();
		assertThat(LoggerFactory.getLogger("org.apache.kafka.clients.consumer").isInfoEnabled()).isTrue();
		assertThat(LoggerFactory.getLogger("org.apache.kafka.clients.consumer").isDebugEnabled()).isFalse();
	}

	@Test
	void takesTheShortFormBeforeTheSubcommand() {
		int exit = new CommandLine(new Tool()).execute("-v", "list");

		assertThat(exit).isZero();
		assertThat(LoggerFactory.getLogger("org.apache.kafka.clients.consumer").isInfoEnabled()).isTrue();
	}

	/** A tool as the project's are: the mixin on its top command, one subcommand. */
	@Command(name = "tool", subcommands = ListCommand.class)
	static final class Tool {

		@Mixin
		Verbosity verbosity;

	}

	@Command(name = "list")
	static final class ListCommand implements Callable<Integer> {

		@Override
		public Integer call() {
			return 0;
		}

	}

}
