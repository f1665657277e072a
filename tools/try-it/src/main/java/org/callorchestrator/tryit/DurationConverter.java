package org.callorchestrator.tryit;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations as people type them: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, a
 * bare number of seconds, or ISO-8601 ({@code PT30S}).
 */
final class DurationConverter implements ITypeConverter<Duration> {

	private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h)?");

	@Override
	public Duration convert(String value) {
		Matcher simple = SIMPLE.matcher(value.trim().toLowerCase());
		if (simple.matches()) {
			long amount = Long.parseLong(simple.group(1));
			String unit = (simple.group(2) != null) ? simple.group(2) : "s";
			return switch (unit) {
				case "ms" -> Duration.ofMillis(amount);
				case "m" -> Duration.ofMinutes(amount);
				case "h" -> Duration.ofHours(amount);
				default -> Duration.ofSeconds(amount);
			};
		}
		Duration duration;
		try {
			duration = Duration.parse(value.trim());
		}
		catch (RuntimeException ex) {
			throw new TypeConversionException("'" + value + "' is not a duration (e.g. 500ms, 30s, 2m, 1h)");
		}
		if (duration.isNegative()) {
			throw new TypeConversionException("'" + value + "' is negative");
		}
		return duration;
	}

}
