package org.callorchestrator.testing;

import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * Every logging event that reaches logback's root logger's appenders while it is open —
 * what a console would have printed, whatever the loggers' levels let through. For tests
 * of what a tool prints: {@code try (LoggedEvents logged = LoggedEvents.capture()) {…}}.
 */
public final class LoggedEvents implements AutoCloseable {

	private static final Logger ROOT = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private LoggedEvents() {
		this.appender.start();
		ROOT.addAppender(this.appender);
	}

	/** Starts recording. */
	public static LoggedEvents capture() {
		return new LoggedEvents();
	}

	/** The events recorded so far, in order. */
	public List<ILoggingEvent> events() {
		// the appender appends while holding its own lock (AppenderBase.doAppend)
		synchronized (this.appender) {
			return List.copyOf(this.appender.list);
		}
	}

	@Override
	public void close() {
		ROOT.detachAppender(this.appender);
		this.appender.stop();
	}

}
