package org.deeplesion.dicom;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed pseudonyms (HMAC-SHA256) for patient identifiers and, optionally, UIDs: the same input and secret always
 * give the same pseudonym, so tables join across runs, while without the secret the raw value cannot be recovered
 * or confirmed by hashing guesses.
 *
 * <p>Not thread-safe (one {@link Mac} per instance); create one per task.
 */
public final class Pseudonymizer {

    /** Minimum secret length: shorter keys make guessing attacks on patient IDs practical. */
    public static final int MIN_SECRET_BYTES = 16;

    private final Mac mac;

    public Pseudonymizer(byte[] secret) {
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the pseudonymisation secret must be at least " + MIN_SECRET_BYTES
                    + " bytes, was " + (secret == null ? 0 : secret.length));
        }
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /**
     * The pseudonymous patient key: 32 hex digits of HMAC(issuer \0 patient ID). The issuer keeps IDs of different
     * hospitals that happen to be equal apart.
     */
    public String patientKey(String issuerOfPatientId, String patientId) {
        if (patientId == null || patientId.isBlank()) {
            throw new IllegalArgumentException("patient ID is empty");
        }
        byte[] h = hmac(
                "patient\0" + (issuerOfPatientId == null ? "" : issuerOfPatientId.trim()) + "\0" + patientId.trim());
        return HexFormat.of().formatHex(h, 0, 16);
    }

    /** A replacement UID under the 2.25 (UUID-derived) root, consistent for the same UID and secret. */
    public String uid(String original) {
        byte[] h = hmac("uid\0" + original.trim());
        h[6] = (byte) ((h[6] & 0x0F) | 0x80); // a "version 8" (custom) UUID, as 2.25 UIDs should be
        h[8] = (byte) ((h[8] & 0x3F) | 0x80);
        return "2.25." + new BigInteger(1, Arrays.copyOf(h, 16));
    }

    private byte[] hmac(String value) {
        return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
    }
}
