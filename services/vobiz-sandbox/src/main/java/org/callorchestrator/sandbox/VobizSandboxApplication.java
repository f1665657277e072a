package org.callorchestrator.sandbox;

import java.time.Clock;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Standalone entry point: {@code java -jar vobiz-sandbox-<version>-exec.jar}. */
@SpringBootApplication
@EnableConfigurationProperties(SandboxSettings.class)
public class VobizSandboxApplication {

	/**
	 * The sandbox's configuration file is {@code vobiz-sandbox.yml}, so it never picks up
	 * a host's application.yml.
	 */
	static final String CONFIG_NAME = "vobiz-sandbox";

	public static void main(String[] args) {
		application().run(args);
	}

	static SpringApplication application() {
		SpringApplication application = new SpringApplication(VobizSandboxApplication.class);
		application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
		return application;
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
