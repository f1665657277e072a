package org.callorchestrator.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * {@code N} KRaft nodes on 127.0.0.1, each broker and controller in its own process with
 * its own data, all formatted with one cluster id, all voters of the controller quorum.
 * Node {@code i} (1-based) takes client port {@code port + 2(i-1)} and controller port
 * {@code port + 2(i-1) + 1}. With one node (the default) it is the local stack's single
 * broker as it always was; with three or more, every topic is replicated three times and
 * needs two in-sync replicas ({@code default.replication.factor=3},
 * {@code min.insync.replicas=2}, the offsets, transaction state and share coordinator
 * topics alike), so one node can die without losing an acknowledged record or blocking a
 * producer.
 * <p>
 * A cluster also fences a dead node quickly: {@code broker.session.timeout.ms=3000} and
 * {@code broker.heartbeat.interval.ms=500} (Kafka's defaults are 9 s and 2 s). Until the
 * controller fences a node killed with SIGKILL, the partitions it leads have no leader
 * and the node stays in their ISR, so {@code acks=all} producers and consumers of those
 * partitions wait: on one machine (no network partitions, no long GC pauses) 3 s is safe
 * and keeps a crash test short. The offsets and transaction state topics get 12
 * partitions instead of 50 (fewer leaders to move on each failover).
 */
final class KafkaCluster implements AutoCloseable {

	private final List<KafkaBrokerProcess> nodes;

	/**
	 * @param libs Apache Kafka's server jars
	 * @param size how many nodes
	 * @param port the first node's client port
	 * @param heap each node's heap, e.g. {@code 512m}
	 * @param jvm extra JVM options of each node
	 */
	KafkaCluster(Path libs, int size, int port, String heap, List<String> jvm) {
		if (size < 1) {
			throw new IllegalArgumentException("A cluster has at least one node, not " + size);
		}
		Map<String, String> settings = settings(size, port);
		this.nodes = IntStream.rangeClosed(1, size)
			.mapToObj(id -> new KafkaBrokerProcess(libs, id, clientPort(port, id), settings, heap, jvm))
			.toList();
	}

	/**
	 * The cluster the system properties ask for: {@code kafka.nodes} (1),
	 * {@code kafka.port} (9092), {@code kafka.heap} (512m), {@code kafka.jvm} (extra JVM
	 * options, space-separated) and {@code kafka.libs}
	 * ({@code tools/kafka-server/target/lib}).
	 */
	static KafkaCluster fromSystemProperties() {
		String jvm = System.getProperty("kafka.jvm", "").trim();
		return new KafkaCluster(Path.of(System.getProperty("kafka.libs", "tools/kafka-server/target/lib")),
				Integer.getInteger("kafka.nodes", 1), Integer.getInteger("kafka.port", 9092),
				System.getProperty("kafka.heap", "512m"), jvm.isEmpty() ? List.of() : Arrays.asList(jvm.split("\\s+")));
	}

	static int clientPort(int port, int nodeId) {
		return port + 2 * (nodeId - 1);
	}

	/**
	 * The server properties of every node of a cluster of {@code size} nodes from
	 * {@code port} on (quorum, listeners' protocols, replication).
	 */
	static Map<String, String> settings(int size, int port) {
		short replicas = replicationFactor(size);
		int minIsr = minInSyncReplicas(size);
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put("process.roles", "broker,controller");
		settings.put("controller.quorum.voters",
				IntStream.rangeClosed(1, size)
					.mapToObj(id -> id + "@127.0.0.1:" + (clientPort(port, id) + 1))
					.collect(Collectors.joining(",")));
		settings.put("controller.listener.names", "CONTROLLER");
		settings.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
		settings.put("inter.broker.listener.name", "PLAINTEXT");
		settings.put("offsets.topic.replication.factor", Short.toString(replicas));
		settings.put("transaction.state.log.replication.factor", Short.toString(replicas));
		settings.put("transaction.state.log.min.isr", Integer.toString(minIsr));
		settings.put("share.coordinator.state.topic.replication.factor", Short.toString(replicas));
		settings.put("share.coordinator.state.topic.min.isr", Integer.toString(minIsr));
		settings.put("group.initial.rebalance.delay.ms", "0");
		settings.put("log.cleaner.dedupe.buffer.size", "16777216");
		settings.put("auto.create.topics.enable", "false");
		if (size >= 3) {
			settings.put("default.replication.factor", Short.toString(replicas));
			settings.put("min.insync.replicas", Integer.toString(minIsr));
			settings.put("offsets.topic.num.partitions", "12");
			settings.put("transaction.state.log.num.partitions", "12");
			settings.put("broker.session.timeout.ms", "3000");
			settings.put("broker.heartbeat.interval.ms", "500");
		}
		return settings;
	}

	/**
	 * Replicas of every topic on a cluster of {@code size} nodes: 3 from three nodes on,
	 * else 1.
	 */
	static short replicationFactor(int size) {
		return (short) ((size >= 3) ? 3 : 1);
	}

	/**
	 * {@code min.insync.replicas} on a cluster of {@code size} nodes: 2 from three nodes
	 * on, else 1.
	 */
	static int minInSyncReplicas(int size) {
		return (size >= 3) ? 2 : 1;
	}

	short replicationFactor() {
		return replicationFactor(this.nodes.size());
	}

	int minInSyncReplicas() {
		return minInSyncReplicas(this.nodes.size());
	}

	int size() {
		return this.nodes.size();
	}

	/** The node with id {@code nodeId} (1-based). */
	KafkaBrokerProcess node(int nodeId) {
		return this.nodes.get(nodeId - 1);
	}

	List<KafkaBrokerProcess> nodes() {
		return this.nodes;
	}

	/**
	 * Every node's client address, comma-separated: a client reaches the cluster while
	 * any one of them is up.
	 */
	String bootstrapServers() {
		return this.nodes.stream().map(KafkaBrokerProcess::bootstrapServers).collect(Collectors.joining(","));
	}

	/**
	 * Formats every node's storage with one new cluster id and starts them, all in
	 * parallel; waits (at most {@code timeout}) until each listens and the cluster has
	 * every node registered as a broker. Stops them all when that fails.
	 */
	void start(Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		String clusterId = Uuid.randomUuid().toString();
		// a thread per node: each start blocks until the quorum forms, which needs the
		// others started (the common pool
		// has one thread on a 2-core box, and JDK 25's CompletableFuture then runs the
		// starts one after the other)
		try (ExecutorService starters = Executors.newVirtualThreadPerTaskExecutor()) {
			List<CompletableFuture<Void>> started = new ArrayList<>();
			for (KafkaBrokerProcess node : this.nodes) {
				started.add(CompletableFuture.runAsync(() -> {
					try {
						node.format(clusterId);
						node.launch();
						node.awaitListening(Duration.ofNanos(deadline - System.nanoTime()));
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex.getMessage(), ex);
					}
				}, starters));
			}
			CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
				.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			awaitBrokers(this.nodes.size(), Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
		}
		catch (Exception | Error ex) {
			stop();
			throw ex;
		}
	}

	/**
	 * Waits (at most {@code timeout}) until {@code count} brokers are registered and not
	 * fenced.
	 */
	void awaitBrokers(int count, Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
			while (true) {
				int registered;
				try {
					registered = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
				}
				catch (Exception ex) {
					registered = -1;
				}
				if (registered == count) {
					return;
				}
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException(
							"The Kafka cluster has " + registered + " brokers, not " + count + ", after " + timeout);
				}
				Thread.sleep(100);
			}
		}
	}

	/** Stops every node at once (SIGTERM, SIGKILL after 20 s) and deletes their data. */
	void stop() {
		this.nodes.forEach(KafkaBrokerProcess::requestStop);
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		this.nodes.forEach(node -> node.stop(deadline));
	}

	@Override
	public void close() {
		stop();
	}

}
