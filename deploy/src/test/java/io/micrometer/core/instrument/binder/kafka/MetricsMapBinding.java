package io.micrometer.core.instrument.binder.kafka;

import java.util.Map;
import java.util.function.Supplier;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Micrometer's Kafka binding, the one {@link KafkaStreamsMetrics} is, over any map of
 * Kafka metrics: deploy's tests bind a {@code TopologyTestDriver}'s, whose task exists
 * without a broker. In Micrometer's package only because that constructor is
 * package-private.
 */
public final class MetricsMapBinding extends KafkaMetrics {

	public MetricsMapBinding(Supplier<Map<MetricName, ? extends Metric>> metrics) {
		super(metrics);
	}

}
