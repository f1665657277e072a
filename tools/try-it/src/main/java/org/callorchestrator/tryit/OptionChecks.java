package org.callorchestrator.tryit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The rules the call worker applies to a command (E.164 numbers, channel UUIDs, an SDP
 * starting with {@code v=0}), checked before anything is sent so that a typo is a usage
 * error (exit code 2) rather than a dead letter.
 */
final class OptionChecks {

	/**
	 * As the worker's and the sandbox's check: '+', a non-zero digit, 7 to 15 digits in
	 * all.
	 */
	static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{6,14}$");

	static final Pattern UUID = Pattern
		.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

	private OptionChecks() {
	}

	static String e164(CommandSpec spec, String option, String value) {
		if (value == null || !E164.matcher(value).matches()) {
			throw invalid(spec, option, value, "is not an E.164 number ('+', then country code and number: "
					+ "7 to 15 digits, no spaces, e.g. +14155550123)");
		}
		return value;
	}

	static String channel(CommandSpec spec, String option, String value) {
		if (value == null || !UUID.matcher(value).matches()) {
			throw invalid(spec, option, value,
					"is not a Vobiz channel id (a UUID such as " + CommandOptions.SANDBOX_CHANNEL + ")");
		}
		return value;
	}

	static String notBlank(CommandSpec spec, String option, String value) {
		if (value == null || value.isBlank()) {
			throw invalid(spec, option, value, "must not be blank");
		}
		return value;
	}

	/**
	 * The SDP in {@code file}, with CRLF line endings as SDP requires; it must start with
	 * {@code v=0}.
	 */
	static String sdpFile(CommandSpec spec, String option, Path file) {
		String text;
		try {
			text = Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw invalid(spec, option, file.toString(), "cannot be read: " + ex);
		}
		String sdp = text.strip().lines().map(String::strip).reduce("", (all, line) -> all + line + "\r\n");
		if (!sdp.startsWith("v=0")) {
			throw invalid(spec, option, file.toString(), "does not hold an SDP (its first line must be v=0)");
		}
		return sdp;
	}

	static ParameterException invalid(CommandSpec spec, String option, String value, String why) {
		return new ParameterException(spec.commandLine(),
				"Invalid value for option '" + option + "': '" + value + "' " + why);
	}

}
