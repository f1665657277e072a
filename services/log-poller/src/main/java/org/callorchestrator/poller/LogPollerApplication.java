package org.callorchestrator.poller;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point of the log poller deployable; its configuration file is
 * {@code log-poller.yml}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LogPollerApplication {

	public static final String CONFIG_NAME = "log-poller";

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(LogPollerApplication.class);
		application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
		application.run(args);
	}

}
