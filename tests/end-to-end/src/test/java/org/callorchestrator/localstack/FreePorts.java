package org.callorchestrator.localstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs of consecutive free loopback ports, for a broker that needs several neighbouring
 * ones (client and controller listeners of each node): chosen at random in a range below
 * the ephemeral ports and apart from the suites' fixed port bases.
 */
final class FreePorts {

	private FreePorts() {
	}

	/** The first of {@code count} consecutive ports free now, starting in [from, to). */
	static int consecutive(int count, int from, int to) throws IOException {
		for (int attempt = 0; attempt < 50; attempt++) {
			int base = ThreadLocalRandom.current().nextInt(from, to);
			if (free(base, count)) {
				return base;
			}
		}
		throw new IOException("No " + count + " consecutive free ports in [" + from + ", " + to + ")");
	}

	private static boolean free(int base, int count) {
		for (int port = base; port < base + count; port++) {
			try (ServerSocket socket = new ServerSocket()) {
				socket.bind(new InetSocketAddress("127.0.0.1", port));
			}
			catch (IOException ex) {
				return false;
			}
		}
		return true;
	}

}
