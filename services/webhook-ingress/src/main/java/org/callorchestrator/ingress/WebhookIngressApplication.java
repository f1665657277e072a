package org.callorchestrator.ingress;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** Entry point of the webhook ingress deployable. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WebhookIngressApplication {

	public static void main(String[] args) {
		SpringApplication.run(WebhookIngressApplication.class, args);
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
