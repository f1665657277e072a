package org.callorchestrator.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.kafka.MetricsMapBinding;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The series Kafka Streams' Micrometer binding publishes ({@code KafkaStreamsMetrics},
 * which Spring Boot binds to call-state's Streams client), in Prometheus form, read off
 * real objects bound to a Prometheus registry and scraped: client- and thread-level
 * series from a client configured like call-state (exactly-once v2), created and closed
 * without ever being started; task-level series from a {@code TopologyTestDriver}, whose
 * one task exists without a broker. (Store-level series need a persistent store: none is
 * used by the alerts.)
 */
final class KafkaStreamsMeters {

	private KafkaStreamsMeters() {
	}

	static Set<String> published(Path stateDir) {
		Set<String> series = new HashSet<>();
		KafkaStreams streams = new KafkaStreams(topology().build(), config(stateDir.resolve("client")));
		try (KafkaStreamsMetrics binding = new KafkaStreamsMetrics(streams)) {
			series.addAll(scrape(binding));
		}
		finally {
			streams.close(Duration.ofSeconds(10));
		}
		try (TopologyTestDriver driver = new TopologyTestDriver(topology().build(), config(stateDir.resolve("driver")));
				MetricsMapBinding binding = new MetricsMapBinding(driver::metrics)) {
			series.addAll(scrape(binding));
		}
		return series;
	}

	private static StreamsBuilder topology() {
		StreamsBuilder builder = new StreamsBuilder();
		builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
			.to("out", Produced.with(Serdes.String(), Serdes.String()));
		return builder;
	}

	private static Properties config(Path stateDir) {
		Properties config = new Properties();
		config.put(StreamsConfig.APPLICATION_ID_CONFIG, "call-state");
		config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
		config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
		config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
		return config;
	}

	private static Set<String> scrape(MeterBinder binding) {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		try {
			binding.bindTo(registry);
			Set<String> series = new HashSet<>();
			for (String line : registry.scrape().split("\n")) {
				if (!line.isBlank() && !line.startsWith("#")) {
					series.add(line.split("[{ ]", 2)[0]);
				}
			}
			return series;
		}
		finally {
			registry.close();
		}
	}

}
