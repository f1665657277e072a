package org.callorchestrator.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.callorchestrator.schema.CallInitiateCommand;
import org.callorchestrator.serde.internal.boot.SchemasHealthIndicator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code schemas} readiness indicator against a fake registry: DOWN naming what is
 * missing, UP once it is registered, and then never asking the registry again.
 */
class SchemasHealthIndicatorTest {

	final FakeRegistry registry = fakeRegistry();

	@AfterEach
	void stop() {
		this.registry.close();
	}

	@Test
	void isDownNamingTheMissingSubjectThenUpForGoodOnceItIsRegistered() {
		Map<String, Object> lookUpOnly = Map.of("schema.registry.url", this.registry.url(), "auto.register.schemas",
				"false");
		SchemasHealthIndicator indicator = new SchemasHealthIndicator(
				List.of(new SchemasWritten(lookUpOnly, Map.of("call.initiate", CallInitiateCommand.getClassSchema()))));

		Health missing = indicator.health();
		registerTheSchema();
		Health found = indicator.health();
		int requests = this.registry.requests.get();
		Health later = indicator.health();

		assertThat(missing.getStatus()).isEqualTo(Status.DOWN);
		assertThat(missing.getDetails()).containsEntry("missing", List.of("call.initiate-value"));
		assertThat(found.getStatus()).isEqualTo(Status.UP);
		assertThat(later.getStatus()).isEqualTo(Status.UP);
		assertThat(this.registry.requests).as("not asked again once found").hasValue(requests);
	}

	@Test
	void isUpAtOnceWhenTheServiceRegistersItsSchemasItself() {
		SchemasHealthIndicator indicator = new SchemasHealthIndicator(
				List.of(new SchemasWritten(Map.of("schema.registry.url", this.registry.url()),
						Map.of("call.initiate", CallInitiateCommand.getClassSchema()))));

		assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
		assertThat(this.registry.requests).hasValue(0);
	}

	private void registerTheSchema() {
		SchemaRegistryAvroSerializer serializer = new SchemaRegistryAvroSerializer();
		serializer.configure(Map.of("schema.registry.url", this.registry.url()), false);
		serializer.serialize("call.initiate", SchemaRegistryAvroSerdeTest.command("c-1"));
	}

	private static FakeRegistry fakeRegistry() {
		try {
			return new FakeRegistry();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
