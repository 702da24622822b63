package org.deeplesion.jobs.cli;

import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.deeplesion.dicomweb.DicomWebAuth;
import org.deeplesion.dicomweb.DicomWebSettings;
import org.deeplesion.jobs.harvest.HarvestOptions;
import picocli.CommandLine.Option;

/**
 * Where a harvest retrieves from and what, shared by {@code harvest} and {@code refresh}. Credentials come from the
 * environment or the Spark conf, never from the command line, where {@code ps} and shell histories would show them.
 */
final class DicomWebArguments {

    static final String USER_ENV = "DEEPLESION_DICOMWEB_USER";
    static final String PASSWORD_ENV = "DEEPLESION_DICOMWEB_PASSWORD";
    static final String TOKEN_ENV = "DEEPLESION_DICOMWEB_TOKEN";
    static final String CONF_PREFIX = "spark.deeplesion.dicomweb.";

    @Option(names = "--dicomweb", description = "DICOMweb root URL of the PACS, e.g. https://pacs/dicom-web/.")
    String dicomWeb;

    @Option(names = "--archive", description = "Archive folder URI the instances are written to (file:, hdfs:, s3a:).")
    String archive;

    @Option(names = "--studies-since", description = "Only studies of this date (YYYY-MM-DD) or later.")
    String studiesSince;

    @Option(
            names = "--modality",
            defaultValue = "CT",
            description = "Only studies with a series of this modality. Default: ${DEFAULT-VALUE}.")
    String modality;

    @Option(
            names = "--bookmarked-only",
            description = "Only studies with presentation states, SR or key object "
                    + "selections; of their image series only the slices within --context-mm of a referenced slice.")
    boolean bookmarkedOnly;

    @Option(
            names = "--context-mm",
            defaultValue = "30",
            description = "With --bookmarked-only, how far around each key slice to keep slices. Default: "
                    + "${DEFAULT-VALUE}.")
    double contextMm;

    @Option(
            names = "--max-connections",
            defaultValue = "4",
            description = "Most requests open against the PACS at once, in the whole cluster. Default: "
                    + "${DEFAULT-VALUE}.")
    int maxConnections;

    @Option(names = "--ca-file", description = "PEM file of a site CA to trust for HTTPS, besides the JVM's.")
    String caFile;

    boolean given() {
        return dicomWeb != null;
    }

    HarvestOptions options(String lake, byte[] secret) {
        if (archive == null) {
            throw new IllegalArgumentException("--dicomweb needs --archive, the folder the instances are written to");
        }
        URI root;
        try {
            root = URI.create(dicomWeb.endsWith("/") ? dicomWeb : dicomWeb + "/");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--dicomweb " + dicomWeb + " is not a URL: " + e.getMessage(), e);
        }
        LocalDate since = null;
        if (studiesSince != null) {
            try {
                since = LocalDate.parse(studiesSince);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--studies-since " + studiesSince + " is not a date (YYYY-MM-DD)");
            }
        }
        DicomWebSettings settings = DicomWebSettings.of(root, auth(System.getenv(), new SparkConf(true)));
        if (caFile != null) {
            settings = settings.withCaFile(caFile);
        }
        return new HarvestOptions(
                settings,
                archive,
                lake,
                since,
                modality.isEmpty() ? null : modality,
                bookmarkedOnly,
                contextMm,
                maxConnections,
                secret);
    }

    /** Bearer token, else user and password, from the environment first, then the Spark conf; else none. */
    static DicomWebAuth auth(Map<String, String> env, SparkConf conf) {
        String token = setting(env, TOKEN_ENV, conf, "token");
        if (token != null) {
            return DicomWebAuth.bearer(token);
        }
        String user = setting(env, USER_ENV, conf, "user");
        String password = setting(env, PASSWORD_ENV, conf, "password");
        if (user == null && password == null) {
            return DicomWebAuth.none();
        }
        if (user == null || password == null) {
            throw new IllegalArgumentException("DICOMweb basic authentication needs both " + USER_ENV + " and "
                    + PASSWORD_ENV + " (or " + CONF_PREFIX + "user and " + CONF_PREFIX + "password)");
        }
        return DicomWebAuth.basic(user, password);
    }

    private static String setting(Map<String, String> env, String name, SparkConf conf, String key) {
        String value = env.get(name);
        if (value == null || value.isEmpty()) {
            value = conf.get(CONF_PREFIX + key, null);
        }
        return value == null || value.isEmpty() ? null : value;
    }
}
