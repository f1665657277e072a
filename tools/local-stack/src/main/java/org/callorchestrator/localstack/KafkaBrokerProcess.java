package org.callorchestrator.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One KRaft node ({@code process.roles=broker,controller}) in its own process, from
 * Apache Kafka's server jars that Maven copied to {@code tools/kafka-server/target/lib}:
 * storage formatted once in a fresh temporary folder, listeners on 127.0.0.1
 * ({@code port} for clients, {@code port + 1} for the controller), logs at WARN. It can
 * be killed (SIGKILL, a crash) and started again on the same data, without a new format;
 * {@link #stop()} stops it and deletes its data. Its command line names its configuration
 * file {@code node-<id>.properties}, so that another process can find (and kill) it by
 * that marker.
 */
final class KafkaBrokerProcess {

	private final Path libs;

	private final int nodeId;

	private final int port;

	private final Path home;

	private final String heap;

	private final List<String> jvm;

	private Process process;

	/**
	 * @param libs the server jars
	 * @param nodeId the node's id, 1-based
	 * @param port its client port (the controller listens on {@code port + 1})
	 * @param settings its server properties besides node id and log dirs (quorum,
	 * replication, …); {@code listeners} and {@code advertised.listeners} given here
	 * replace the plaintext ones
	 * @param heap its heap ({@code -Xmx}), e.g. {@code 512m}
	 * @param jvm extra JVM options, e.g. {@code -XX:TieredStopAtLevel=1}
	 */
	KafkaBrokerProcess(Path libs, int nodeId, int port, Map<String, String> settings, String heap, List<String> jvm) {
		this.libs = libs;
		this.nodeId = nodeId;
		this.port = port;
		this.heap = heap;
		this.jvm = List.copyOf(jvm);
		try {
			this.home = Files.createTempDirectory("call-orchestrator-kafka-" + nodeId + "-");
			Map<String, String> server = new LinkedHashMap<>();
			server.put("node.id", Integer.toString(nodeId));
			server.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + (port + 1));
			server.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
			server.put("log.dirs", this.home.resolve("data").toString());
			// a secured node replaces the listeners
			server.putAll(settings);
			List<String> lines = new ArrayList<>();
			server.forEach((key, value) -> lines.add(key + "=" + value));
			Files.writeString(properties(), String.join("\n", lines) + "\n");
			Files.writeString(this.home.resolve("log4j2.properties"), String
				.join("\n", List.of("rootLogger.level=WARN", "rootLogger.appenderRef.console.ref=console",
						"appender.console.type=Console", "appender.console.name=console",
						"appender.console.layout.type=PatternLayout",
						"appender.console.layout.pattern=%d{HH:mm:ss.SSS} %-5p [kafka-" + nodeId + "] %c{1} - %m%n"))
					+ "\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	int nodeId() {
		return this.nodeId;
	}

	int port() {
		return this.port;
	}

	String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	/** What this node's command line holds and no other node's does. */
	String marker() {
		return "node-" + this.nodeId + ".properties";
	}

	private Path properties() {
		return this.home.resolve(marker());
	}

	/**
	 * Formats the node's storage for the cluster {@code clusterId} (once; a restart keeps
	 * the data).
	 */
	void format(String clusterId) throws IOException, InterruptedException {
		format(clusterId, List.of());
	}

	/**
	 * Formats the node's storage for the cluster {@code clusterId} with SCRAM users in
	 * its metadata from the start, e.g.
	 * {@code SCRAM-SHA-512=[name=alice,password=secret]} (the storage tool's
	 * {@code --add-scram}): the way KRaft bootstraps the users a SASL_SCRAM listener
	 * needs before any client could create them.
	 */
	void format(String clusterId, List<String> scramCredentials) throws IOException, InterruptedException {
		Path log = this.home.resolve("format.log");
		List<String> args = new ArrayList<>(List.of("format", "-t", clusterId, "-c", properties().toString()));
		scramCredentials.forEach(credential -> args.addAll(List.of("--add-scram", credential)));
		Process format = java("256m", "kafka.tools.StorageTool", args.toArray(String[]::new)).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
			format.destroyForcibly();
			throw new IllegalStateException(
					"Kafka storage format of node " + this.nodeId + " failed: " + Files.readString(log));
		}
	}

	/**
	 * Starts the node's process on its (formatted) data, without waiting for it; refuses
	 * when something already listens on its port (a stack left running would otherwise be
	 * taken for this one).
	 */
	void launch() throws IOException {
		if (listening()) {
			throw new IllegalStateException("Port " + this.port + " is in use (a local stack or broker left running?): "
					+ "stop it or set -Dkafka.port=…");
		}
		this.process = java(this.heap, "kafka.Kafka", properties().toString()).inheritIO().start();
	}

	/**
	 * Waits until the node listens on its client port; stops it and fails when it exits
	 * or {@code timeout} passes.
	 */
	void awaitListening(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!listening()) {
			if (!alive() || System.nanoTime() > deadline) {
				kill();
				throw new IllegalStateException("Kafka node " + this.nodeId + " did not start on port " + this.port
						+ " (is the port free? set -Dkafka.port=…)");
			}
			Thread.sleep(100);
		}
	}

	boolean alive() {
		return this.process != null && this.process.isAlive();
	}

	/**
	 * SIGKILL, as a crash would; waits (at most 30 s) until the process is gone. The data
	 * stays.
	 */
	void kill() {
		if (this.process != null) {
			this.process.destroyForcibly();
			try {
				this.process.waitFor(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Starts the node again on the data it had (after {@link #kill()}) and waits until it
	 * listens.
	 */
	void restart(Duration timeout) throws IOException, InterruptedException {
		if (alive()) {
			throw new IllegalStateException("Kafka node " + this.nodeId + " is still running");
		}
		launch();
		awaitListening(timeout);
	}

	private ProcessBuilder java(String heap, String mainClass, String... args) {
		List<String> command = new ArrayList<>(List
			.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap, "-XX:+UseSerialGC"));
		command.addAll(this.jvm);
		command.addAll(List.of("-Dlog4j2.configurationFile=" + this.home.resolve("log4j2.properties"), "-cp",
				this.libs.resolve("*").toString(), mainClass));
		command.addAll(List.of(args));
		return new ProcessBuilder(command);
	}

	private boolean listening() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Asks the process to stop (SIGTERM), without waiting. */
	void requestStop() {
		if (this.process != null) {
			this.process.destroy();
		}
	}

	/**
	 * Stops the node (SIGTERM, then SIGKILL when it has not exited by
	 * {@code deadlineNanos}) and deletes its data.
	 */
	void stop(long deadlineNanos) {
		if (this.process != null) {
			this.process.destroy();
			try {
				long left = Math.max(0, deadlineNanos - System.nanoTime());
				if (!this.process.waitFor(left, TimeUnit.NANOSECONDS)) {
					kill();
				}
			}
			catch (InterruptedException ex) {
				kill();
				Thread.currentThread().interrupt();
			}
		}
		try (Stream<Path> files = Files.walk(this.home)) {
			files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
		}
		catch (IOException ex) {
			// best effort: a temporary folder
		}
	}

	/** Stops the node (SIGTERM, at most 20 s) and deletes its data. */
	void stop() {
		stop(System.nanoTime() + Duration.ofSeconds(20).toNanos());
	}

}
