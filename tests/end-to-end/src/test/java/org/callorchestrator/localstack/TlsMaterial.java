package org.callorchestrator.localstack;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A broker's TLS identity made by the test itself: one self-signed certificate for
 * {@code 127.0.0.1} and {@code localhost} (subject alternative names, so clients keep
 * Kafka's default hostname verification), valid for a day, with an EC P-256 key (made in
 * milliseconds, unlike RSA). Bouncy Castle builds the certificate — the JDK has no public
 * API for that — and the JDK writes the two PKCS12 stores: the broker's key store (key
 * and certificate) and the clients' trust store (the certificate alone).
 *
 * @param keyStore the broker's PKCS12 key store
 * @param trustStore the clients' PKCS12 trust store
 * @param password the password of both stores and of the key
 */
record TlsMaterial(Path keyStore, Path trustStore, String password) {

	/** Makes a new certificate and writes both stores into {@code dir}. */
	static TlsMaterial selfSigned(Path dir, String password) throws GeneralSecurityException, IOException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(256);
		KeyPair pair = generator.generateKeyPair();
		X500Name subject = new X500Name("CN=127.0.0.1");
		Instant now = Instant.now();
		JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
				BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofHours(1))),
				Date.from(now.plus(Duration.ofDays(1))), subject, pair.getPublic());
		builder.addExtension(Extension.subjectAlternativeName, false,
				new GeneralNames(new GeneralName[] { new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
						new GeneralName(GeneralName.dNSName, "localhost") }));
		X509Certificate certificate;
		try {
			certificate = new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
		}
		catch (OperatorCreationException ex) {
			throw new GeneralSecurityException(ex);
		}
		char[] secret = password.toCharArray();
		KeyStore keys = KeyStore.getInstance("PKCS12");
		keys.load(null, null);
		keys.setKeyEntry("broker", pair.getPrivate(), secret, new Certificate[] { certificate });
		KeyStore trusted = KeyStore.getInstance("PKCS12");
		trusted.load(null, null);
		trusted.setCertificateEntry("broker", certificate);
		TlsMaterial material = new TlsMaterial(dir.resolve("broker.keystore.p12"), dir.resolve("client.truststore.p12"),
				password);
		try (OutputStream out = Files.newOutputStream(material.keyStore())) {
			keys.store(out, secret);
		}
		try (OutputStream out = Files.newOutputStream(material.trustStore())) {
			trusted.store(out, secret);
		}
		return material;
	}

}
