package org.deeplesion.jobs.cli;

import java.nio.charset.StandardCharsets;
import org.apache.spark.SparkConf;
import org.deeplesion.dicom.Pseudonymizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the secret that keys patient pseudonyms: the {@code DEEPLESION_SECRET} environment variable or the Spark
 * conf {@code spark.deeplesion.secret}. Only synthetic demos may fall back to a built-in key, and they say so.
 */
final class PseudonymSecret {

    static final String ENV = "DEEPLESION_SECRET";
    static final String CONF = "spark.deeplesion.secret";
    private static final Logger LOG = LoggerFactory.getLogger(PseudonymSecret.class);
    private static final String DEMO_KEY = "deeplesion-demo-key: synthetic data only, never real patients";

    private PseudonymSecret() {}

    static byte[] resolve(boolean demo) {
        byte[] configured = configured();
        if (configured != null) {
            return configured;
        }
        if (demo) {
            LOG.warn(
                    "Using the built-in DEMO pseudonymisation key: fine for synthetic data, never for real "
                            + "patients. Set {} or {} for real archives.",
                    ENV,
                    CONF);
            return DEMO_KEY.getBytes(StandardCharsets.UTF_8);
        }
        throw new IllegalArgumentException("no pseudonymisation secret: set the environment variable " + ENV
                + " or the Spark conf " + CONF + " (at least 16 bytes); --demo-key is for synthetic data only");
    }

    /** The configured secret (or the demo key when asked for), else null: for jobs that need one only sometimes. */
    static byte[] resolveIfAvailable(boolean demo) {
        byte[] configured = configured();
        return configured != null ? configured : demo ? resolve(true) : null;
    }

    /**
     * Checked here, on the driver, although {@link Pseudonymizer} checks it too: there it would fail only inside
     * the executors' tasks, after the job started, as one stack trace per task.
     */
    private static byte[] configured() {
        String source = "the environment variable " + ENV;
        String value = System.getenv(ENV);
        if (value == null || value.isEmpty()) {
            source = "the Spark conf " + CONF;
            value = new SparkConf(true).get(CONF, null);
        }
        if (value == null || value.isEmpty()) {
            return null;
        }
        byte[] secret = value.getBytes(StandardCharsets.UTF_8);
        if (secret.length < Pseudonymizer.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the pseudonymisation secret in " + source + " is " + secret.length
                    + " bytes; it must be at least " + Pseudonymizer.MIN_SECRET_BYTES);
        }
        return secret;
    }
}
