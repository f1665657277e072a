package org.callorchestrator.sandbox.auth;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import org.callorchestrator.sandbox.SandboxSettings;
import org.callorchestrator.sandbox.api.VobizApiException;
import org.springframework.stereotype.Component;

/**
 * The configured accounts and channels, and who a request is: {@code X-Auth-ID} +
 * {@code X-Auth-Token}, or {@code Authorization: Bearer <token>} matched against an
 * account's bearer token (the sandbox does not verify JWTs).
 */
@Component
public class Accounts {

	private final SandboxSettings settings;

	public Accounts(SandboxSettings settings) {
		this.settings = settings;
	}

	/** The authenticated account id, or a 401. */
	public String authenticate(HttpServletRequest request) {
		String id = request.getHeader("X-Auth-ID");
		String token = request.getHeader("X-Auth-Token");
		String authorization = request.getHeader("Authorization");
		for (SandboxSettings.Account account : this.settings.accounts()) {
			if (id != null && token != null && id.equals(account.id()) && same(token, account.token())) {
				return account.id();
			}
			if (authorization != null && authorization.startsWith("Bearer ") && account.bearerToken() != null
					&& same(authorization.substring(7).trim(), account.bearerToken())) {
				return account.id();
			}
		}
		throw VobizApiException.unauthorized();
	}

	/** The channel with this id, if configured. */
	public Optional<SandboxSettings.Channel> channel(String channelId) {
		return this.settings.channels().stream().filter(c -> c.id().equalsIgnoreCase(channelId)).findFirst();
	}

	/** The channel whose number is {@code number} (digits, with or without +). */
	public Optional<SandboxSettings.Channel> channelByNumber(String number) {
		String digits = number.replace("+", "");
		return this.settings.channels().stream().filter(c -> c.number().replace("+", "").equals(digits)).findFirst();
	}

	/** 403 unless {@code accountId} owns {@code channel}. */
	public void requireOwner(String accountId, SandboxSettings.Channel channel) {
		if (!channel.account().equals(accountId)) {
			throw VobizApiException.forbidden("Channel " + channel.id() + " does not belong to account " + accountId);
		}
	}

	private static boolean same(String given, String expected) {
		return expected != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
				expected.getBytes(StandardCharsets.UTF_8));
	}

}
