package org.callorchestrator.localstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.callorchestrator.ingress.WebhookIngressApplication;
import org.callorchestrator.poller.LogPollerApplication;
import org.callorchestrator.worker.CallWorkerApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The three services in this JVM, wired to one broker, registry and Vobiz (the sandbox): the worker, the webhook
 * ingress (subscribed with the sandbox at start-up, signing secret {@value #WEBHOOK_SECRET}) and the log poller. Each
 * keeps its own configuration file. Used by the local stack and by the end-to-end tests.
 */
public final class Services implements AutoCloseable {

	/** The local stack's webhook signing secret (sandbox subscription and ingress). */
	public static final String WEBHOOK_SECRET = "local-webhook-secret";

	private final List<ConfigurableApplicationContext> running;

	private Services(List<ConfigurableApplicationContext> running) {
		this.running = running;
	}

	/**
	 * Starts {@code which} of {@code worker}, {@code ingress}, {@code poller}.
	 * @param vobiz the Vobiz messaging base URL (the sandbox's)
	 */
	public static Services start(Set<String> which, String bootstrapServers, String registryUrl, String vobiz,
			String workerPort, String ingressPort, String pollerPort) {
		List<ConfigurableApplicationContext> running = new ArrayList<>();
		String[] kafka = { "--spring.kafka.bootstrap-servers=" + bootstrapServers,
				"--spring.kafka.properties.schema.registry.url=" + registryUrl, "--spring.main.banner-mode=off" };
		if (which.contains("worker")) {
			running.add(new SpringApplicationBuilder(CallWorkerApplication.class).run(with(kafka,
					"--worker.vobiz.base-url=" + vobiz, "--worker.vobiz.auth-id=MA_XXXXXXXX",
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
		return new Services(running);
	}

	private static String[] with(String[] common, String... more) {
		List<String> args = new ArrayList<>(List.of(common));
		args.addAll(List.of(more));
		return args.toArray(String[]::new);
	}

	/** Stops the services, last started first. */
	@Override
	public void close() {
		for (int i = this.running.size() - 1; i >= 0; i--) {
			this.running.get(i).close();
		}
	}

}
