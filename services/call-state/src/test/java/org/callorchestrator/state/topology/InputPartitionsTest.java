package org.callorchestrator.state.topology;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.Map;

import org.junit.jupiter.api.Test;

class InputPartitionsTest {

	@Test
	void refusesInputsWithDifferentPartitionCountsNamingEach() {
		assertThatIllegalStateException()
			.isThrownBy(() -> InputPartitions
				.check(Map.of("call.command-results", 3, "webhook-ingress.observations", 3, "call.logs", 12)))
			.withMessageContaining("call.logs=12")
			.withMessageContaining("call.command-results=3")
			.withMessageContaining("one partition count");
	}

	@Test
	void acceptsInputsThatShareOneCount() {
		assertThatCode(() -> InputPartitions
			.check(Map.of("call.command-results", 12, "webhook-ingress.observations", 12, "call.logs", 12)))
			.doesNotThrowAnyException();
	}

}
