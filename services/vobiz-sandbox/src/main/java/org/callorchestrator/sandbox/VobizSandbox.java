package org.callorchestrator.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sandbox embedded in another program (tests, benchmarks, the local stack), on a free port unless
 * {@code server.port} is given.
 *
 * <pre>
 * try (VobizSandbox sandbox = VobizSandbox.start(Map.of("sandbox.latency.fixed", "200ms"))) {
 *     VobizClient client = new VobizClient(VobizClientSettings.of(sandbox.baseUrl(), "MA_XXXXXXXX", "sandbox-token"));
 * }
 * </pre>
 */
public final class VobizSandbox implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final int port;

	private VobizSandbox(ConfigurableApplicationContext context) {
		this.context = context;
		this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	public static VobizSandbox start() {
		return start(Map.of());
	}

	/** Starts with these Spring properties (e.g. {@code sandbox.timing.talk-duration=2s}). */
	public static VobizSandbox start(Map<String, String> properties) {
		List<String> args = new ArrayList<>();
		args.add("--server.port=" + properties.getOrDefault("server.port", "0"));
		args.add("--server.address=127.0.0.1");
		args.add("--spring.main.banner-mode=off");
		args.add("--spring.config.name=" + VobizSandboxApplication.CONFIG_NAME);
		args.add("--spring.jmx.enabled=false");
		properties.forEach((key, value) -> {
			if (!key.equals("server.port")) {
				args.add("--" + key + "=" + value);
			}
		});
		return new VobizSandbox(VobizSandboxApplication.application().run(args.toArray(String[]::new)));
	}

	/** The messaging base URL, e.g. {@code http://127.0.0.1:PORT/api/v1/messaging}. */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.port + "/api/v1/messaging";
	}

	/** The admin API base URL, e.g. {@code http://127.0.0.1:PORT/sandbox}. */
	public String adminUrl() {
		return "http://127.0.0.1:" + this.port + "/sandbox";
	}

	public int port() {
		return this.port;
	}

	/** A bean of the running sandbox (for tests that inspect state directly). */
	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
