package org.callorchestrator.state;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point of the call-state deployable; its configuration file is
 * {@code call-state.yml}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CallStateApplication {

	public static final String CONFIG_NAME = "call-state";

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(CallStateApplication.class);
		application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
		application.run(args);
	}

}
