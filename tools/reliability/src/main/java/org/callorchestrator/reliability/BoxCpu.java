package org.callorchestrator.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * How busy the whole machine's CPUs were between two readings of {@code /proc/stat}
 * (Linux): the share of CPU time not idle, 0–1 — "a worker started while the box runs at
 * half its capacity" is then a figure, not a guess. Reads NaN where {@code /proc/stat} is
 * missing.
 */
final class BoxCpu {

	private final long busy;

	private final long total;

	private BoxCpu(long busy, long total) {
		this.busy = busy;
		this.total = total;
	}

	static BoxCpu now() {
		try {
			String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
			// cpu user nice system idle iowait irq softirq steal …
			long[] ticks = Arrays.stream(cpu.trim().split("\\s+"))
				.skip(1)
				.limit(8)
				.mapToLong(Long::parseLong)
				.toArray();
			long total = Arrays.stream(ticks).sum();
			return new BoxCpu(total - ticks[3] - ticks[4], total);
		}
		catch (IOException | RuntimeException ex) {
			return new BoxCpu(-1, -1);
		}
	}

	/** The busy share of the CPUs from {@code earlier} to this reading. */
	double busySince(BoxCpu earlier) {
		if (this.total < 0 || earlier.total < 0 || this.total == earlier.total) {
			return Double.NaN;
		}
		return (double) (this.busy - earlier.busy) / (this.total - earlier.total);
	}

}
