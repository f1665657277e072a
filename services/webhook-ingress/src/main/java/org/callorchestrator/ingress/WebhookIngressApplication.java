package org.callorchestrator.ingress;

import java.time.Clock;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** Entry point of the webhook ingress deployable. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WebhookIngressApplication {

	/**
	 * The ingress's configuration file is {@code webhook-ingress.yml}, so it can share a
	 * JVM (the local stack) with the other services without reading their
	 * application.yml.
	 */
	public static final String CONFIG_NAME = "webhook-ingress";

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(WebhookIngressApplication.class);
		application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
		application.run(args);
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
