package org.callorchestrator.localstack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.Uuid;

/**
 * One KRaft node (Apache Kafka's server jars in their own process, as the local stack
 * runs them) whose only client listener requires SASL_SSL with SCRAM-SHA-512: TLS with
 * the test's own certificate ({@link TlsMaterial}) on {@code port}, the SCRAM user
 * written into the metadata when the storage is formatted (no unauthenticated door to
 * create it through). The controller ({@code port + 1}) and the broker's own replication
 * listener ({@code port + 2}) stay plaintext on loopback: a single node has no other
 * broker to talk to.
 */
final class SecuredKafka implements AutoCloseable {

	static final String MECHANISM = "SCRAM-SHA-512";

	private final KafkaBrokerProcess node;

	private final String user;

	private final String password;

	SecuredKafka(Path libs, int port, TlsMaterial tls, String user, String password) {
		this.user = user;
		this.password = password;
		Map<String, String> settings = new LinkedHashMap<>(KafkaCluster.settings(1, port));
		settings.put("listeners", "SASL_SSL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + (port + 1)
				+ ",BROKER://127.0.0.1:" + (port + 2));
		settings.put("advertised.listeners", "SASL_SSL://127.0.0.1:" + port + ",BROKER://127.0.0.1:" + (port + 2));
		settings.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT,BROKER:PLAINTEXT");
		settings.put("inter.broker.listener.name", "BROKER");
		settings.put("sasl.enabled.mechanisms", MECHANISM);
		settings.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
				"org.apache.kafka.common.security.scram.ScramLoginModule required;");
		settings.put("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
		settings.put("listener.name.sasl_ssl.ssl.keystore.location", tls.keyStore().toString());
		settings.put("listener.name.sasl_ssl.ssl.keystore.password", tls.password());
		settings.put("listener.name.sasl_ssl.ssl.key.password", tls.password());
		this.node = new KafkaBrokerProcess(libs, 1, port, settings, "256m", List.of("-XX:TieredStopAtLevel=1"));
	}

	/** Formats the node with its SCRAM user, starts it and waits until it listens. */
	void start(Duration timeout) throws IOException, InterruptedException {
		this.node.format(Uuid.randomUuid().toString(),
				List.of(MECHANISM + "=[name=" + this.user + ",password=" + this.password + "]"));
		this.node.launch();
		this.node.awaitListening(timeout);
	}

	String bootstrapServers() {
		return this.node.bootstrapServers();
	}

	/**
	 * Kills the node (its data is thrown away, so a clean shutdown would only cost
	 * seconds) and deletes its data.
	 */
	@Override
	public void close() {
		this.node.kill();
		this.node.stop();
	}

}
