package org.callorchestrator.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.callorchestrator.ingress.WebhookIngressApplication;
import org.callorchestrator.poller.LogPollerApplication;
import org.callorchestrator.state.CallStateApplication;
import org.callorchestrator.worker.CallWorkerApplication;
import org.springframework.util.FileSystemUtils;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The four services in this JVM, wired to one broker, registry and Vobiz (the sandbox):
 * the worker, the webhook ingress (subscribed with the sandbox at start-up, signing
 * secret {@value #WEBHOOK_SECRET}), the log poller and call-state (its RocksDB stores in
 * a temporary folder deleted on close, as the broker's data is). Each keeps its own
 * configuration file. Used by the local stack and by the end-to-end tests.
 */
public final class Services implements AutoCloseable {

	/** The local stack's webhook signing secret (sandbox subscription and ingress). */
	public static final String WEBHOOK_SECRET = "local-webhook-secret";

	/** Every service, in the order they start. */
	public static final Set<String> ALL = Set.of("worker", "ingress", "poller", "state");

	private final List<ConfigurableApplicationContext> running;

	private final Path stateDir;

	private Services(List<ConfigurableApplicationContext> running, Path stateDir) {
		this.running = running;
		this.stateDir = stateDir;
	}

	/**
	 * The HTTP ports of the services.
	 *
	 * @param worker the call worker's
	 * @param ingress the webhook ingress's (the sandbox delivers webhooks to it)
	 * @param poller the log poller's
	 * @param state call-state's ({@code GET /calls/{id}})
	 */
	public record Ports(String worker, String ingress, String poller, String state) {
	}

	/**
	 * Starts {@code which} of {@code worker}, {@code ingress}, {@code poller},
	 * {@code state}.
	 * @param vobiz the Vobiz messaging base URL (the sandbox's)
	 */
	public static Services start(Set<String> which, String bootstrapServers, String registryUrl, String vobiz,
			Ports ports) {
		return start(which, bootstrapServers, registryUrl, vobiz, ports, (short) 1);
	}

	/**
	 * Starts {@code which} of {@code worker}, {@code ingress}, {@code poller},
	 * {@code state}, each creating the topics it owns (and call-state its changelog and
	 * repartition topics) with {@code replicas} replicas: 3 on a cluster.
	 * @param vobiz the Vobiz messaging base URL (the sandbox's)
	 */
	public static Services start(Set<String> which, String bootstrapServers, String registryUrl, String vobiz,
			Ports ports, short replicas) {
		return start(which, bootstrapServers, registryUrl, vobiz, ports, replicas, List.of());
	}

	/**
	 * Starts {@code which} of {@code worker}, {@code ingress}, {@code poller},
	 * {@code state} as {@link #start(Set, String, String, String, Ports, short)} does,
	 * each also given {@code arguments}: the Kafka client and serde properties under
	 * their standard names (e.g. {@code --spring.kafka.security.protocol=SASL_SSL} for a
	 * secured cluster), or {@code --logging.structured.format.console=ecs}, as
	 * docker-compose and Kubernetes run them (the local stack logs plain text).
	 * @param vobiz the Vobiz messaging base URL (the sandbox's)
	 */
	public static Services start(Set<String> which, String bootstrapServers, String registryUrl, String vobiz,
			Ports ports, short replicas, List<String> arguments) {
		List<ConfigurableApplicationContext> running = new ArrayList<>();
		try {
			return startInto(running, which, bootstrapServers, registryUrl, vobiz, ports, replicas, arguments);
		}
		catch (RuntimeException ex) {
			// one failed (a port in use): stop those already started, so nothing keeps
			// the JVM alive
			for (int i = running.size() - 1; i >= 0; i--) {
				running.get(i).close();
			}
			throw ex;
		}
	}

	private static Services startInto(List<ConfigurableApplicationContext> running, Set<String> which,
			String bootstrapServers, String registryUrl, String vobiz, Ports ports, short replicas,
			List<String> arguments) {
		String workerPort = ports.worker();
		String ingressPort = ports.ingress();
		String pollerPort = ports.poller();
		List<String> common = new ArrayList<>(List.of("--spring.kafka.bootstrap-servers=" + bootstrapServers,
				"--spring.kafka.properties.schema.registry.url=" + registryUrl, "--spring.main.banner-mode=off"));
		if (replicas > 1) {
			common.addAll(replicationArguments(replicas));
		}
		common.addAll(arguments);
		String[] kafka = common.toArray(String[]::new);
		if (which.contains("worker")) {
			running.add(new SpringApplicationBuilder(CallWorkerApplication.class)
				.run(with(kafka, "--worker.vobiz.base-url=" + vobiz, "--worker.vobiz.auth-id=MA_XXXXXXXX",
						"--worker.vobiz.auth-token=sandbox-token", "--server.port=" + workerPort)));
		}
		if (which.contains("ingress")) {
			running.add(new SpringApplicationBuilder(WebhookIngressApplication.class)
				.properties("spring.config.name=" + WebhookIngressApplication.CONFIG_NAME)
				.run(with(kafka, "--ingress.secrets=" + WEBHOOK_SECRET, "--ingress.vobiz.base-url=" + vobiz,
						"--ingress.vobiz.auth-id=MA_XXXXXXXX", "--ingress.vobiz.auth-token=sandbox-token",
						"--ingress.registration.enabled=true",
						"--ingress.registration.url=http://127.0.0.1:" + ingressPort + "/webhooks/vobiz",
						"--server.port=" + ingressPort)));
		}
		if (which.contains("poller")) {
			running.add(new SpringApplicationBuilder(LogPollerApplication.class)
				.properties("spring.config.name=" + LogPollerApplication.CONFIG_NAME)
				.run(with(kafka, "--poller.vobiz.base-url=" + vobiz, "--poller.vobiz.auth-id=MA_XXXXXXXX",
						"--poller.vobiz.auth-token=sandbox-token", "--server.port=" + pollerPort)));
		}
		Path stateDir = null;
		if (which.contains("state")) {
			stateDir = temporaryFolder();
			running.add(new SpringApplicationBuilder(CallStateApplication.class)
				.properties("spring.config.name=" + CallStateApplication.CONFIG_NAME)
				.run(with(kafka, "--spring.kafka.streams.state-dir=" + stateDir, "--server.port=" + ports.state())));
		}
		return new Services(running, stateDir);
	}

	/**
	 * The arguments that make every service create its topics with {@code replicas}
	 * replicas (each service reads only its own).
	 */
	public static List<String> replicationArguments(short replicas) {
		return List.of("--worker.topics.replication-factor=" + replicas,
				"--poller.topics.replication-factor=" + replicas, "--ingress.topics.replication-factor=" + replicas,
				"--state.topics.replicas=" + replicas, "--spring.kafka.streams.replication-factor=" + replicas);
	}

	private static Path temporaryFolder() {
		try {
			return Files.createTempDirectory("call-state");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String[] with(String[] common, String... more) {
		List<String> args = new ArrayList<>(List.of(common));
		args.addAll(List.of(more));
		return args.toArray(String[]::new);
	}

	/**
	 * A bean of the running service named {@code application}
	 * ({@code spring.application.name}: call-worker, webhook-ingress, log-poller,
	 * call-state), e.g. its meter registry for a test.
	 */
	public <T> T bean(String application, Class<T> type) {
		return this.running.stream()
			.filter(context -> application.equals(context.getEnvironment().getProperty("spring.application.name")))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(application + " is not running"))
			.getBean(type);
	}

	/** Stops the services, last started first. */
	@Override
	public void close() {
		for (int i = this.running.size() - 1; i >= 0; i--) {
			this.running.get(i).close();
		}
		if (this.stateDir != null) {
			FileSystemUtils.deleteRecursively(this.stateDir.toFile());
		}
	}

}
