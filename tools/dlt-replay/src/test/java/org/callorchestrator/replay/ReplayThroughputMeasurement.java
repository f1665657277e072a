package org.callorchestrator.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.callorchestrator.testing.Infrastructure;
import org.callorchestrator.testing.RealInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The documented measurement of unthrottled replay speed (not part of the default run):
 * {@code ./mvnw -B -q -pl tools/dlt-replay test -Dtest=ReplayThroughputMeasurement -Dreplay.measure=20000}.
 * Prints dead letters replayed per second (each also audited), end to end through the
 * real broker.
 */
@RealInfrastructure
@EnabledIfSystemProperty(named = "replay.measure", matches = "\\d+")
class ReplayThroughputMeasurement {

	@Test
	void replaysUnthrottled(Infrastructure infra) {
		int count = Integer.getInteger("replay.measure");
		ReplayToolIT.Topics2 topics = new ReplayToolIT.Topics2(infra);
		SyntheticDeadLetters.write(infra, topics.dlt, topics.original, count, 0);
		ReplayToolIT.Result result = ReplayToolIT.run(infra, "replay", "--topic", topics.dlt);
		Matcher seconds = Pattern.compile("replayed (\\d+),.* in ([0-9.]+) s").matcher(result.out());
		assertThat(seconds.find()).as(result.out()).isTrue();
		double rate = Integer.parseInt(seconds.group(1)) / Double.parseDouble(seconds.group(2));
		System.out.printf("%nREPLAY MEASUREMENT: %s dead letters replayed and audited in %s s = %.0f records/s%n%n",
				seconds.group(1), seconds.group(2), rate);
	}

}
