package org.callorchestrator.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts a Spring Boot exec jar the way Spring Boot recommends for a fast start:
 * extracted ({@code java -Djarmode=tools -jar app.jar extract}) and with a Class Data
 * Sharing archive from a training run ({@code -XX:ArchiveClassesAtExit} with
 * {@code -Dspring.context.exit=onRefresh}: the context refreshes, then the JVM exits
 * before any consumer or web server starts). Measured on this 2-core box (the call
 * worker, to its context refreshed): 4.1 s from the fat jar, 2.3 s extracted with the
 * archive. The archive is made once per jar and JDK, in {@code target/cds/} beside the
 * jar, and made again when the jar's digest changes; if extracting or training fails, the
 * fat jar starts as before (a slower start, never a failed one).
 * {@code -Dbench.cds=false} turns it off.
 */
final class ClassDataSharing {

	/**
	 * Jars whose archive this JVM has checked or made (a jar is not rebuilt while a run
	 * uses it).
	 */
	private static final Set<Path> READY = new HashSet<>();

	private ClassDataSharing() {
	}

	/**
	 * The tail of a {@code java} command line that runs {@code jar}:
	 * {@code -XX:SharedArchiveFile=… -jar extracted.jar} when an archive is (or can now
	 * be) made, else {@code -jar jar}. {@code trainingArgs} are the application's
	 * arguments, for the training run (its broker is not contacted to create topics).
	 */
	static synchronized List<String> launch(String jar, List<String> trainingArgs) {
		if (!Boolean.parseBoolean(System.getProperty("bench.cds", "true"))) {
			return List.of("-jar", jar);
		}
		Path fat = ChildProcess.root().resolve(jar).toAbsolutePath().normalize();
		String name = fat.getFileName().toString();
		Path dir = fat.getParent().resolve("cds");
		Path extracted = dir.resolve(name);
		Path archive = dir.resolve(name.replaceAll("\\.jar$", "") + ".jsa");
		Path stamp = dir.resolve("made-from");
		try {
			if (!READY.contains(fat)) {
				// the build gives every jar the same timestamp (reproducible builds): the
				// jar's digest tells
				String madeFrom = System.getProperty("java.home") + " " + System.getProperty("java.vm.version") + " "
						+ digest(fat);
				if (!(Files.exists(archive) && Files.exists(stamp) && Files.readString(stamp).equals(madeFrom))) {
					train(fat, dir, extracted, archive, trainingArgs);
					Files.writeString(stamp, madeFrom, StandardCharsets.UTF_8);
				}
				READY.add(fat);
			}
			return List.of("-XX:SharedArchiveFile=" + archive, "-jar", extracted.toString());
		}
		catch (IOException | RuntimeException ex) {
			System.out.printf("[cds] no class-data archive for %s (%s): starting the exec jar as it is%n", name, ex);
			return List.of("-jar", jar);
		}
	}

	private static void train(Path fat, Path dir, Path extracted, Path archive, List<String> args) throws IOException {
		delete(dir);
		Files.createDirectories(dir);
		run(dir.resolve("extract.log"), 60, ChildProcess.java("256m", "-Djarmode=tools", "-jar", fat.toString(),
				"extract", "--destination", dir.toString(), "--force"));
		List<String> training = ChildProcess.java("256m", "-XX:ArchiveClassesAtExit=" + archive,
				"-Dspring.context.exit=onRefresh", "-jar", extracted.toString());
		training.addAll(args);
		training.add("--spring.kafka.admin.auto-create=false");
		long started = System.nanoTime();
		run(dir.resolve("training.log"), 120, training);
		if (!Files.exists(archive)) {
			throw new IllegalStateException("the training run wrote no archive: see " + dir.resolve("training.log"));
		}
		System.out.printf("[cds] class-data archive for %s made in %.1f s%n", fat.getFileName(),
				(System.nanoTime() - started) / 1e9);
	}

	private static void run(Path log, int seconds, List<String> command) throws IOException {
		Process process = new ProcessBuilder(command).directory(ChildProcess.root().toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("did not end within " + seconds + " s: see " + log);
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
		if (process.exitValue() != 0) {
			throw new IllegalStateException("exit " + process.exitValue() + ": see " + log);
		}
	}

	private static String digest(Path jar) throws IOException {
		try (InputStream in = Files.newInputStream(jar)) {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			byte[] buffer = new byte[1 << 16];
			for (int n; (n = in.read(buffer)) > 0;) {
				sha.update(buffer, 0, n);
			}
			return HexFormat.of().formatHex(sha.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void delete(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> files = Files.walk(dir)) {
			files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
		}
	}

}
