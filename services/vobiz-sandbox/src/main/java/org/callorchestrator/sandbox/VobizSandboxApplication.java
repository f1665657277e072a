package org.callorchestrator.sandbox;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Standalone entry point: {@code java -jar vobiz-sandbox-<version>-exec.jar}. */
@SpringBootApplication
@EnableConfigurationProperties(SandboxSettings.class)
public class VobizSandboxApplication {

	public static void main(String[] args) {
		SpringApplication.run(VobizSandboxApplication.class, args);
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
