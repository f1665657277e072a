package org.callorchestrator.tryit;

import java.util.Map;

import org.callorchestrator.ingress.WebhookIngressApplication;
import org.callorchestrator.poller.LogPollerApplication;
import org.callorchestrator.sandbox.VobizSandbox;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.testing.Infrastructure;
import org.callorchestrator.testing.internal.FreePort;
import org.callorchestrator.worker.CallWorkerApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What {@code bin/local-stack} runs, started as it starts them, on the test broker and registry: the Vobiz sandbox,
 * the call worker, the webhook ingress (subscribed with the sandbox) and the log poller.
 */
final class RunningServices implements AutoCloseable {

	final VobizSandbox sandbox;

	private final ConfigurableApplicationContext worker;

	private final ConfigurableApplicationContext ingress;

	private final ConfigurableApplicationContext poller;

	RunningServices(Infrastructure infra) {
		infra.createTopicIfAbsent(Topics.CALL_EVENTS, 3);
		infra.createTopicIfAbsent(Topics.CALL_LOGS, 3);
		String kafka = "--spring.kafka.bootstrap-servers=" + infra.bootstrapServers();
		String registry = "--spring.kafka.properties.schema.registry.url=" + infra.schemaRegistryUrl();
		this.sandbox = VobizSandbox.start(Map.of("sandbox.timing.talk-duration", "5m"));
		this.worker = new SpringApplicationBuilder(CallWorkerApplication.class).run(kafka, registry,
				"--worker.vobiz.base-url=" + this.sandbox.baseUrl(), "--worker.vobiz.auth-id=MA_XXXXXXXX",
				"--worker.vobiz.auth-token=sandbox-token", "--worker.topics.partitions=3", "--server.port=0",
				"--spring.main.banner-mode=off");
		int ingressPort = FreePort.pick();
		this.ingress = new SpringApplicationBuilder(WebhookIngressApplication.class)
			.properties("spring.config.name=" + WebhookIngressApplication.CONFIG_NAME)
			.run(kafka, registry, "--ingress.secrets=try-it-secret", "--ingress.vobiz.base-url=" + this.sandbox.baseUrl(),
					"--ingress.vobiz.auth-id=MA_XXXXXXXX", "--ingress.vobiz.auth-token=sandbox-token",
					"--ingress.registration.enabled=true",
					"--ingress.registration.url=http://127.0.0.1:" + ingressPort + "/webhooks/vobiz",
					"--ingress.topics.partitions=3", "--ingress.mapping.lookup-interval=200ms",
					"--server.port=" + ingressPort, "--spring.main.banner-mode=off");
		this.poller = new SpringApplicationBuilder(LogPollerApplication.class)
			.properties("spring.config.name=" + LogPollerApplication.CONFIG_NAME)
			.run(kafka, registry, "--poller.vobiz.base-url=" + this.sandbox.baseUrl(),
					"--poller.vobiz.auth-id=MA_XXXXXXXX", "--poller.vobiz.auth-token=sandbox-token",
					"--poller.idle-interval=300ms", "--server.port=0", "--spring.main.banner-mode=off");
	}

	/** The sandbox's view of a call, as JSON (admin API). */
	String sandboxCall(String callId) {
		return this.sandbox.admin("GET", "/calls/" + callId, null);
	}

	@Override
	public void close() {
		this.poller.close();
		this.ingress.close();
		this.worker.close();
		this.sandbox.close();
	}

}
