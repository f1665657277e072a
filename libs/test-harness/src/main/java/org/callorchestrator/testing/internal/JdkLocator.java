package org.callorchestrator.testing.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a JDK of at least a given feature version: an explicit home first, then the
 * running JVM, then the JDKs installed side by side under {@code /usr/lib/jvm} (as on
 * Debian and in the project's CI image).
 */
public final class JdkLocator {

	private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);

	private JdkLocator() {
	}

	/**
	 * A JDK home whose {@code bin/java} is at least {@code minimumFeature}, preferring
	 * the newest.
	 */
	public static Optional<Path> atLeast(int minimumFeature, String explicitHome) {
		if (explicitHome != null && !explicitHome.isBlank()) {
			Path home = Path.of(explicitHome);
			return featureOf(home).filter(v -> v >= minimumFeature).map(v -> home);
		}
		if (Runtime.version().feature() >= minimumFeature) {
			return Optional.of(Path.of(System.getProperty("java.home")));
		}
		Path jvms = Path.of("/usr/lib/jvm");
		if (!Files.isDirectory(jvms)) {
			return Optional.empty();
		}
		try (Stream<Path> homes = Files.list(jvms)) {
			return homes.filter(home -> Files.isExecutable(home.resolve("bin/java")))
				.filter(home -> featureOf(home).orElse(0) >= minimumFeature)
				.max(Comparator.comparing(home -> featureOf(home).orElse(0)));
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	static Optional<Integer> featureOf(Path home) {
		Path release = home.resolve("release");
		if (!Files.isRegularFile(release)) {
			return Optional.empty();
		}
		try {
			Matcher matcher = JAVA_VERSION.matcher(Files.readString(release));
			return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
		}
		catch (IOException | NumberFormatException ex) {
			return Optional.empty();
		}
	}

}
