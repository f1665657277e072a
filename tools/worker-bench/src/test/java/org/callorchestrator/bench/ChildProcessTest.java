package org.callorchestrator.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChildProcessTest {

	@Test
	void namesAServiceJarByTheVersionTheBuildFilteredIn() {
		assertThat(ChildProcess.serviceJar("call-worker"))
			.matches("services/call-worker/target/call-worker-\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?-exec\\.jar");
	}

}
