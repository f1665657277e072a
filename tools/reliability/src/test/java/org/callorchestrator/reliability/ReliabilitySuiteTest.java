package org.callorchestrator.reliability;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short variant of {@code bin/reliability} (1,000 commands): the worker as a separate process, killed with
 * SIGKILL part-way, then poison input — nothing lost, nothing doubled, no secret leaked.
 */
class ReliabilitySuiteTest {

	@Test
	void losesNothingAndDialsNobodyTwiceThroughACrashAndPoisonInput() throws Exception {
		System.setProperty("repo.root", "../..");
		List<ScenarioResult> results = ReliabilitySuite.run(1000, 24000, Path.of("tools/reliability/target/reliability/results.json"));
		assertThat(results).extracting(ScenarioResult::scenario).containsExactly("worker-crash", "broker-restart", "vobiz-outage", "poison", "webhooks", "poller-restart", "secrets");
		assertThat(results).allSatisfy(result -> assertThat(result.clean()).as(result.toString()).isTrue());
		assertThat(results.get(0).deadLetters()).as("crash: every command applied").isEmpty();
		assertThat(results.get(2).deadLetters()).as("outage: nothing dead-lettered").isEmpty();
		ScenarioResult poison = results.get(3);
		assertThat(poison.deadLetters()).containsEntry("VALIDATION", 6L);
		assertThat(poison.withResult()).isGreaterThanOrEqualTo(43);
	}

}
