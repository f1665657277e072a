package org.callorchestrator.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A JVM the benchmark starts (the local stack, a worker), its output in a log file, with
 * what Linux says of its CPU time and memory ({@code /proc}). {@link #cpuNanos} covers
 * the process and, for the local stack, the broker process it started.
 */
public final class ChildProcess implements AutoCloseable {

	private static final long CLOCK_TICK_NANOS = 10_000_000L;

	/**
	 * Every process started, so that none outlives this JVM: a run that fails half-way
	 * (an exception, a test that ends) would otherwise leave brokers and services holding
	 * the ports of the next run.
	 */
	private static final Set<Process> STARTED = ConcurrentHashMap.newKeySet();

	private static final String VERSION = buildVersion();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> STARTED.stream().filter(Process::isAlive).forEach(p -> {
			p.descendants().forEach(ProcessHandle::destroyForcibly);
			p.destroyForcibly();
		}), "child-processes-stop"));
	}

	private final String name;

	private final Process process;

	private final Path log;

	private ChildProcess(String name, Process process, Path log) {
		this.name = name;
		this.process = process;
		this.log = log;
	}

	public static ChildProcess start(String name, Path logs, List<String> command) {
		try {
			Files.createDirectories(logs);
			Path log = logs.resolve(name + ".log");
			Process process = new ProcessBuilder(command).directory(root().toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			STARTED.add(process);
			return new ChildProcess(name, process, log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The exec jar the build made of {@code services/<service>} (e.g.
	 * {@code call-worker}), relative to the repository: named with the version this tool
	 * was built with, read from the build ({@code build.properties}).
	 */
	public static String serviceJar(String service) {
		return "services/" + service + "/target/" + service + "-" + VERSION + "-exec.jar";
	}

	/**
	 * Where the repository is: relative paths in commands resolve against it
	 * ({@code repo.root}, default ".").
	 */
	public static Path root() {
		return Path.of(System.getProperty("repo.root", "."));
	}

	/**
	 * Stops the process as a platform does (SIGTERM), waits at most {@code grace} for it
	 * to exit, then kills it (SIGKILL); returns whether it exited within the grace
	 * period.
	 */
	public boolean terminate(Duration grace) {
		this.process.destroy();
		try {
			if (this.process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
				return true;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		kill();
		return false;
	}

	/**
	 * Kills the process at once (SIGKILL), as a crash would, and waits for it to be gone.
	 */
	public void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Starts the local stack with only its broker, registry and sandbox
	 * ({@code -Dservices=none}) on {@code portBase}+92 (Kafka), +81 (registry) and +90
	 * (sandbox), and waits until it is ready. Calls stay up for the whole run: thousands
	 * of hang-ups firing in the sandbox mid-measurement would measure the sandbox.
	 */
	public static ChildProcess startStack(String name, Path logs, int portBase, List<String> jvm) {
		List<String> command = java("768m", jvm.toArray(String[]::new));
		command.addAll(List.of("-Dsandbox.timing.talk-duration=1h", "-Dkafka.port=" + (portBase + 92),
				"-Dregistry.port=" + (portBase + 81), "-Dsandbox.port=" + (portBase + 90), "-Dservices=none", "-jar",
				"tools/local-stack/target/local-stack-exec.jar"));
		ChildProcess stack = start(name, logs, command);
		try {
			stack.awaitLog("local stack ready", Duration.ofMinutes(3));
		}
		catch (RuntimeException ex) {
			stack.close();
			throw ex;
		}
		return stack;
	}

	/**
	 * A Spring Boot service's command line: {@code java} with the heap and {@code jvm}
	 * options, the exec {@code jar}, the broker and registry it uses, then {@code args}.
	 */
	public static List<String> springBoot(String heap, List<String> jvm, String jar, String bootstrapServers,
			String registryUrl, List<String> args) {
		return springBoot(heap, jvm, jar, bootstrapServers, registryUrl, args, false);
	}

	/**
	 * As {@link #springBoot(String, List, String, String, String, List)}; with
	 * {@code fastStart}, the jar runs extracted with a class-data archive
	 * ({@link ClassDataSharing}: made by a training run the first time).
	 */
	public static List<String> springBoot(String heap, List<String> jvm, String jar, String bootstrapServers,
			String registryUrl, List<String> args, boolean fastStart) {
		List<String> appArgs = new ArrayList<>(List.of("--spring.kafka.bootstrap-servers=" + bootstrapServers,
				"--spring.kafka.properties.schema.registry.url=" + registryUrl, "--spring.main.banner-mode=off"));
		appArgs.addAll(args);
		List<String> command = java(heap, jvm.toArray(String[]::new));
		command.addAll(fastStart ? ClassDataSharing.launch(jar, appArgs) : List.of("-jar", jar));
		command.addAll(appArgs);
		return command;
	}

	public static List<String> java(String heap, String... args) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx" + heap);
		command.addAll(List.of(args));
		return command;
	}

	/** Waits until the log holds {@code line}. */
	public void awaitLog(String line, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited: see " + this.log);
			}
			try {
				if (Files.exists(this.log) && Files.readString(this.log).contains(line)) {
					return;
				}
				Thread.sleep(250);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		throw new IllegalStateException(this.name + " not ready within " + timeout + ": see " + this.log);
	}

	/** Waits until {@code url} answers 200. */
	public void awaitHttp(String url, Duration timeout) {
		HttpClient http = HttpClient.newHttpClient();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited: see " + this.log);
			}
			try {
				HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
						HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			sleep(Duration.ofMillis(250));
		}
		throw new IllegalStateException(this.name + " not ready within " + timeout + ": see " + this.log);
	}

	/**
	 * User + system CPU time of the process and its descendants (the local stack's
	 * broker).
	 */
	public long cpuNanos() {
		long total = cpuOf(this.process.pid());
		for (ProcessHandle child : this.process.descendants().toList()) {
			total += cpuOf(child.pid());
		}
		return total;
	}

	/** CPU time of the descendants only (the broker started by the local stack). */
	public long descendantsCpuNanos() {
		return this.process.descendants().mapToLong(child -> cpuOf(child.pid())).sum();
	}

	/**
	 * The descendant process whose command line contains {@code marker} (e.g. the local
	 * stack's broker).
	 */
	public Optional<ProcessHandle> descendant(String marker) {
		return this.process.descendants()
			.filter(p -> p.info().commandLine().map(line -> line.contains(marker)).orElse(false))
			.findFirst();
	}

	/** Resident set size now, in bytes. */
	public long rssBytes() {
		return status("VmRSS:");
	}

	/** Peak resident set size, in bytes. */
	public long peakRssBytes() {
		return status("VmHWM:");
	}

	private long status(String field) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(this.process.pid()), "status"))) {
				if (line.startsWith(field)) {
					return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]) * 1024;
				}
			}
		}
		catch (IOException ex) {
			// gone
		}
		return -1;
	}

	private static String buildVersion() {
		try (InputStream in = ChildProcess.class.getResourceAsStream("build.properties")) {
			if (in == null) {
				throw new IllegalStateException("build.properties missing: build tools/worker-bench with Maven");
			}
			Properties build = new Properties();
			build.load(in);
			return build.getProperty("version");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static long cpuOf(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * CLOCK_TICK_NANOS;
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	public static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

}
