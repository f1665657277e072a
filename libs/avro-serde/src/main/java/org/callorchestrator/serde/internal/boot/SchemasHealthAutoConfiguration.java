package org.callorchestrator.serde.internal.boot;

import java.util.List;

import org.callorchestrator.serde.SchemasWritten;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Registers the {@code schemas} health indicator in an application that declares
 * {@link SchemasWritten} beans (the four services do); the application lists it in its
 * readiness group ({@code management.endpoint.health.group.readiness.include}).
 */
@AutoConfiguration
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(SchemasWritten.class)
public class SchemasHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SchemasHealthIndicator schemasHealthIndicator(List<SchemasWritten> written) {
		return new SchemasHealthIndicator(written);
	}

}
