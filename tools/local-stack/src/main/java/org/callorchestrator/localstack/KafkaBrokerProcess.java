package org.callorchestrator.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft broker in its own process, from Apache Kafka's server jars that Maven copied to
 * {@code tools/kafka-server/target/lib}: storage formatted in a fresh temporary folder, listeners on 127.0.0.1
 * ({@code port} for clients, {@code port + 1} for the controller), logs at WARN. Stopped (and its data deleted) by
 * {@link #stop()}.
 */
final class KafkaBrokerProcess {

	private final Path libs;

	private final int port;

	private final Path home;

	private Process process;

	KafkaBrokerProcess(Path libs, int port) {
		this.libs = libs;
		this.port = port;
		try {
			this.home = Files.createTempDirectory("call-orchestrator-kafka-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	void start(Duration timeout) throws IOException, InterruptedException {
		Path properties = this.home.resolve("server.properties");
		Files.writeString(properties, String.join("\n", List.of("process.roles=broker,controller", "node.id=1",
				"controller.quorum.voters=1@127.0.0.1:" + (this.port + 1), "controller.listener.names=CONTROLLER",
				"listeners=PLAINTEXT://127.0.0.1:" + this.port + ",CONTROLLER://127.0.0.1:" + (this.port + 1),
				"advertised.listeners=PLAINTEXT://127.0.0.1:" + this.port,
				"listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
				"inter.broker.listener.name=PLAINTEXT", "log.dirs=" + this.home.resolve("data"),
				"offsets.topic.replication.factor=1", "transaction.state.log.replication.factor=1",
				"transaction.state.log.min.isr=1", "share.coordinator.state.topic.replication.factor=1",
				"share.coordinator.state.topic.min.isr=1", "group.initial.rebalance.delay.ms=0",
				"log.cleaner.dedupe.buffer.size=16777216", "auto.create.topics.enable=false")) + "\n");
		Path log4j = this.home.resolve("log4j2.properties");
		Files.writeString(log4j, String.join("\n", List.of("rootLogger.level=WARN",
				"rootLogger.appenderRef.console.ref=console", "appender.console.type=Console",
				"appender.console.name=console", "appender.console.layout.type=PatternLayout",
				"appender.console.layout.pattern=%d{HH:mm:ss.SSS} %-5p [kafka] %c{1} - %m%n")) + "\n");
		Process format = java("-Xmx256m", "kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
				"-c", properties.toString()).redirectErrorStream(true)
			.redirectOutput(this.home.resolve("format.log").toFile())
			.start();
		if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
			throw new IllegalStateException("Kafka storage format failed: " + Files.readString(this.home.resolve("format.log")));
		}
		this.process = java("-Xmx512m", "kafka.Kafka", properties.toString()).inheritIO().start();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!listening()) {
			if (!this.process.isAlive() || System.nanoTime() > deadline) {
				stop();
				throw new IllegalStateException("Kafka broker did not start on port " + this.port
						+ " (is the port free? set -Dkafka.port=…)");
			}
			Thread.sleep(100);
		}
	}

	private ProcessBuilder java(String heap, String mainClass, String... args) {
		List<String> command = new java.util.ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap, "-XX:+UseSerialGC",
				"-Dlog4j2.configurationFile=" + this.home.resolve("log4j2.properties"), "-cp",
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

	void stop() {
		if (this.process != null) {
			this.process.destroy();
			try {
				if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
					this.process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				this.process.destroyForcibly();
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

}
