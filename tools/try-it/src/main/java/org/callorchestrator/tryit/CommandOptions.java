package org.callorchestrator.tryit;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * What every command carries besides its own fields: the channel, the idempotency key,
 * correlation attributes and an optional deadline.
 */
final class CommandOptions {

	/** The sandbox's (and the Vobiz API page's) example channel. */
	static final String SANDBOX_CHANNEL = "3f1c9b7e-2d4a-4f6b-9c8e-0a1b2c3d4e5f";

	@Option(names = "--channel", paramLabel = "UUID", defaultValue = "${env:VOBIZ_CHANNEL_ID:-" + SANDBOX_CHANNEL + "}",
			description = "Vobiz channel_id (default: ${DEFAULT-VALUE}, the sandbox's channel; env VOBIZ_CHANNEL_ID)")
	String channel;

	@Option(names = "--command-id", paramLabel = "ID",
			description = "The command's command_id, its idempotency key (default: a new UUID). Send one twice to "
					+ "see the worker re-emit the recorded result instead of calling Vobiz again.")
	String commandId;

	@Option(names = "--attribute", paramLabel = "KEY=VALUE",
			description = "Correlation data in attributes, echoed on the command's result and on the transition it "
					+ "causes (repeatable)")
	Map<String, String> attributes = new LinkedHashMap<>();

	@Option(names = "--expires-in", paramLabel = "DURATION", converter = DurationConverter.class,
			description = "A deadline: expires_at = now + DURATION (e.g. 30s, 2m). The worker sends the request only "
					+ "until then, however long the command waits; past it the command ends EXPIRED and nobody is "
					+ "dialled. Default: no expires_at, so the worker's default applies (requested_at + 5m for a call, "
					+ "+ 30s for accept and pre_accept, none for reject and terminate)")
	Duration expiresIn;

	/**
	 * The command's expires_at: {@code requestedAt} + {@code --expires-in}, or null
	 * without it.
	 */
	Instant expiresAt(Instant requestedAt) {
		return (this.expiresIn != null) ? requestedAt.plus(this.expiresIn) : null;
	}

	String channelId(CommandSpec spec) {
		return OptionChecks.channel(spec, "--channel", this.channel);
	}

	String commandId(CommandSpec spec) {
		return (this.commandId != null) ? OptionChecks.notBlank(spec, "--command-id", this.commandId)
				: UUID.randomUUID().toString();
	}

	Map<String, String> attributes() {
		return (this.attributes != null) ? this.attributes : Map.of();
	}

}
