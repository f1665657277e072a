package org.callorchestrator.worker.health;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * DOWN when the Kafka cluster does not answer a describe-cluster within two seconds. Part
 * of the readiness group, so a worker cut off from its broker stops receiving traffic
 * (and an orchestrator can tell).
 */
@Component("kafka")
public class KafkaClusterHealthIndicator implements HealthIndicator, AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private final Admin admin;

	public KafkaClusterHealthIndicator(KafkaAdmin kafkaAdmin) {
		this.admin = Admin.create(kafkaAdmin.getConfigurationProperties());
	}

	@Override
	public Health health() {
		try {
			DescribeClusterResult cluster = this.admin
				.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()));
			String clusterId = cluster.clusterId().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			int nodes = cluster.nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
			return Health.up().withDetail("clusterId", clusterId).withDetail("nodes", nodes).build();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Health.down(ex).build();
		}
		catch (Exception ex) {
			return Health.down().withDetail("error", ex.getClass().getSimpleName() + ": " + ex.getMessage()).build();
		}
	}

	@Override
	public void close() {
		this.admin.close(Duration.ofSeconds(1));
	}

}
