package org.callorchestrator.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of the call worker deployable. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CallWorkerApplication {

	public static void main(String[] args) {
		SpringApplication.run(CallWorkerApplication.class, args);
	}

}
