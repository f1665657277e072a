package org.callorchestrator.testing.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One prebuilt Apicurio Registry distribution: the
 * {@code apicurio-registry-app-<version>-all.tar.gz} that Maven put in the local
 * repository, unpacked once into a cache folder shared by every test JVM (guarded by a
 * file lock, made visible by an atomic rename), and the launcher jar inside it.
 *
 * @param version Apicurio version, e.g. {@code 3.3.3}
 * @param archive the tar.gz in the local Maven repository
 * @param cacheRoot where distributions are unpacked
 */
public record RegistryDistribution(String version, Path archive, Path cacheRoot) {

	/**
	 * The distribution of {@code version}, looking for the archive where Maven puts it.
	 */
	public static RegistryDistribution of(String version, String archiveOverride, Path cacheRoot) {
		Path archive = (archiveOverride != null && !archiveOverride.isBlank()) ? Path.of(archiveOverride)
				: localRepository().resolve("io/apicurio/apicurio-registry-app")
					.resolve(version)
					.resolve("apicurio-registry-app-" + version + "-all.tar.gz");
		return new RegistryDistribution(version, archive, cacheRoot);
	}

	public int majorVersion() {
		return Integer.parseInt(this.version.substring(0, this.version.indexOf('.')));
	}

	/**
	 * The launcher jar ({@code quarkus-run.jar} for 3.x, {@code *-runner.jar} for 2.x),
	 * unpacking on first use.
	 */
	public Path launcher() {
		Path home = unpacked();
		try (Stream<Path> files = Files.walk(home, 4)) {
			return files.filter(f -> {
				String name = f.getFileName().toString();
				return name.equals("quarkus-run.jar") || name.endsWith("-runner.jar");
			})
				.min(Comparator.comparingInt(Path::getNameCount))
				.orElseThrow(() -> new IllegalStateException(
						"No quarkus-run.jar or *-runner.jar in " + home + "; delete it to unpack again"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@SuppressWarnings("try") // the file lock is held for the block, never referenced in
								// it
	private Path unpacked() {
		Path home = this.cacheRoot.resolve("apicurio-registry-app-" + this.version);
		if (Files.isDirectory(home)) {
			return home;
		}
		if (!Files.isRegularFile(this.archive)) {
			throw new IllegalStateException("Apicurio Registry " + this.version + " not found at " + this.archive
					+ ": build through Maven (./mvnw) so that it fetches io.apicurio:apicurio-registry-app:"
					+ this.version + ":tar.gz:all, or set -Dcallorchestrator.registry.archive");
		}
		try {
			Files.createDirectories(this.cacheRoot);
			try (FileChannel lockFile = FileChannel.open(this.cacheRoot.resolve(".unpack.lock"),
					StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
				if (Files.isDirectory(home)) {
					return home;
				}
				Path staging = Files.createTempDirectory(this.cacheRoot, "unpacking-");
				untar(staging);
				Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
				return home;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not unpack " + this.archive, ex);
		}
	}

	private void untar(Path into) throws IOException {
		Process tar = new ProcessBuilder("tar", "-xzf", this.archive.toString(), "-C", into.toString())
			.redirectErrorStream(true)
			.start();
		try {
			String output = new String(tar.getInputStream().readAllBytes());
			if (!tar.waitFor(5, TimeUnit.MINUTES) || tar.exitValue() != 0) {
				throw new IOException("tar failed on " + this.archive + ": " + output);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while unpacking " + this.archive, ex);
		}
	}

	static Path localRepository() {
		String configured = System.getProperty("maven.repo.local");
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured);
		}
		return Path.of(System.getProperty("user.home"), ".m2", "repository");
	}

}
