package org.callorchestrator.testing.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.springframework.test.util.TestSocketUtils;

/**
 * A real Apicurio Registry server in a child process, in-memory storage, bound to
 * loopback on free ports.
 *
 * <p>
 * Version choice ({@code -Dcallorchestrator.registry.version=auto|2|3}, default
 * {@code auto}): 3.x when a Java 21+ JDK is found
 * ({@code -Dcallorchestrator.registry.java-home}, {@code REGISTRY_JAVA_HOME}, the running
 * JVM or {@code /usr/lib/jvm/*}), else 2.6 on the running Java 17. Both serve the
 * Confluent-compatible API at {@code /apis/ccompat/v7}, with the global compatibility
 * rule {@value #GLOBAL_COMPATIBILITY} from start-up. The server's output goes to
 * {@code target/apicurio-registry-<port>.log}.
 *
 * <p>
 * {@link #requireBasicAuth} puts every API behind HTTP basic auth with the registry's own
 * mechanism (Apicurio 3.x: Quarkus' basic authentication and its embedded user realm,
 * both in the prebuilt server), no proxy in front: what a registry behind basic auth
 * looks like to a client.
 */
public final class ApicurioRegistryServer {

	private static final String DEFAULT_V3 = "3.3.3";

	private static final String DEFAULT_V2 = "2.6.13.Final";

	/**
	 * The global compatibility rule the server starts with (Confluent Schema Registry's
	 * default).
	 */
	public static final String GLOBAL_COMPATIBILITY = "BACKWARD";

	private final RegistryDistribution distribution;

	private final Path java;

	private final int port;

	private final int managementPort;

	private final Path logFile;

	private final List<String> settings = new ArrayList<>();

	private String probeAuthorization;

	private Process process;

	ApicurioRegistryServer(RegistryDistribution distribution, Path javaHome, int port, int managementPort) {
		this.distribution = distribution;
		this.java = javaHome.resolve("bin/java");
		this.port = (port > 0) ? port : TestSocketUtils.findAvailableTcpPort();
		this.managementPort = (managementPort > 0) ? managementPort : TestSocketUtils.findAvailableTcpPort();
		Path logDir = Files.isDirectory(Path.of("target")) ? Path.of("target")
				: Path.of(System.getProperty("java.io.tmpdir"));
		this.logFile = logDir.resolve("apicurio-registry-" + this.port + ".log").toAbsolutePath();
	}

	/**
	 * A server configured from {@code callorchestrator.registry.*} system properties (see
	 * the class comment).
	 */
	public static ApicurioRegistryServer fromSystemProperties() {
		return fromSystemProperties(0, 0);
	}

	/** As {@link #fromSystemProperties()}, on the given ports (0 = a free one). */
	public static ApicurioRegistryServer fromSystemProperties(int port, int managementPort) {
		String wanted = System.getProperty("callorchestrator.registry.version", "auto");
		Path cache = Path.of(System.getProperty("callorchestrator.registry.cache",
				Path.of(System.getProperty("user.home"), ".cache", "call-orchestrator").toString()));
		String explicitJava = System.getProperty("callorchestrator.registry.java-home",
				System.getenv("REGISTRY_JAVA_HOME"));
		Optional<Path> java21 = JdkLocator.atLeast(21, explicitJava);
		boolean useV3 = switch (wanted) {
			case "3" -> true;
			case "2" -> false;
			default -> java21.isPresent();
		};
		if (useV3) {
			Path javaHome = java21.orElseThrow(() -> new IllegalStateException(
					"Apicurio Registry 3.x needs Java 21+: set -Dcallorchestrator.registry.java-home or REGISTRY_JAVA_HOME"));
			return new ApicurioRegistryServer(
					RegistryDistribution.of(System.getProperty("callorchestrator.registry.v3.version", DEFAULT_V3),
							System.getProperty("callorchestrator.registry.v3.archive"), cache),
					javaHome, port, managementPort);
		}
		return new ApicurioRegistryServer(
				RegistryDistribution.of(System.getProperty("callorchestrator.registry.v2.version", DEFAULT_V2),
						System.getProperty("callorchestrator.registry.v2.archive"), cache),
				Path.of(System.getProperty("java.home")), port, managementPort);
	}

	/**
	 * Makes the server (before it starts) answer 401 to any request without the
	 * credentials of {@code user}, its only user. Needs Apicurio 3.x.
	 */
	public synchronized ApicurioRegistryServer requireBasicAuth(String user, String password) {
		if (this.distribution.majorVersion() < 3) {
			throw new IllegalStateException("Basic auth needs Apicurio Registry 3.x (a Java 21+ JDK)");
		}
		this.settings.addAll(List.of("-Dquarkus.http.auth.basic=true", "-Dquarkus.security.users.embedded.enabled=true",
				"-Dquarkus.security.users.embedded.plain-text=true",
				"-Dquarkus.security.users.embedded.users." + user + "=" + password,
				"-Dapicurio.authn.mechanism.priority=basic"));
		this.probeAuthorization = "Basic "
				+ Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
		return this;
	}

	/**
	 * Starts the process without waiting for readiness (the broker can start meanwhile).
	 */
	public synchronized void startAsync() {
		if (this.process != null) {
			return;
		}
		Path launcher = this.distribution.launcher();
		List<String> command = new ArrayList<>(List.of(this.java.toString(), "-Xmx256m", "-XX:+UseSerialGC",
				"-XX:TieredStopAtLevel=1", "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + this.port,
				"-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=" + this.managementPort,
				"-Dquarkus.log.level=WARN", "-Dquarkus.banner.enabled=false"));
		// BACKWARD from the start, as a Confluent registry's default: an incompatible
		// schema is refused by the registry itself, and Confluent-API tooling that checks
		// the level finds the one it expects (3.x and 2.x name the default global rule
		// differently)
		command.add("-D" + ((this.distribution.majorVersion() >= 3) ? "apicurio" : "registry")
				+ ".rules.global.compatibility=" + GLOBAL_COMPATIBILITY);
		command.addAll(this.settings);
		command.add("-jar");
		command.add(launcher.toString());
		try {
			this.process = new ProcessBuilder(command).directory(launcher.getParent().toFile())
				.redirectErrorStream(true)
				.redirectOutput(this.logFile.toFile())
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start Apicurio Registry: " + command, ex);
		}
	}

	/**
	 * Waits until the Confluent-compatible API answers, or fails with the server's log
	 * tail.
	 */
	public void awaitReady(Duration timeout) {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(confluentCompatibleUrl() + "/subjects"))
			.timeout(Duration.ofSeconds(2));
		if (this.probeAuthorization != null) {
			request.header("Authorization", this.probeAuthorization);
		}
		HttpRequest probe = request.build();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						"Apicurio Registry exited with " + this.process.exitValue() + ":\n" + logTail());
			}
			try {
				if (client.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					storeGlobalCompatibility(client);
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted waiting for the registry", ex);
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted waiting for the registry", ex);
			}
		}
		stop();
		throw new IllegalStateException("Apicurio Registry not ready within " + timeout + ":\n" + logTail());
	}

	/**
	 * 2.x enforces the default global rule but its Confluent API reports only a stored
	 * one (NONE otherwise): store it, so that {@code GET /config} answers what is
	 * enforced. 3.x reports the default itself.
	 */
	private void storeGlobalCompatibility(HttpClient client) throws IOException, InterruptedException {
		if (majorVersion() >= 3) {
			return;
		}
		HttpRequest put = HttpRequest.newBuilder(URI.create(confluentCompatibleUrl() + "/config"))
			.timeout(Duration.ofSeconds(5))
			.header("Content-Type", "application/vnd.schemaregistry.v1+json")
			.PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"" + GLOBAL_COMPATIBILITY + "\"}"))
			.build();
		int status = client.send(put, HttpResponse.BodyHandlers.discarding()).statusCode();
		if (status / 100 != 2) {
			throw new IllegalStateException("Apicurio Registry answered " + status + " to PUT /config");
		}
	}

	public synchronized void stop() {
		if (this.process == null) {
			return;
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	public String confluentCompatibleUrl() {
		return baseUrl() + "/apis/ccompat/v7";
	}

	public int majorVersion() {
		return this.distribution.majorVersion();
	}

	public String describe() {
		return this.distribution.version() + " at " + baseUrl() + " (java " + this.java + ", log " + this.logFile + ")";
	}

	private String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.logFile);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(no log at " + this.logFile + ")";
		}
	}

}
