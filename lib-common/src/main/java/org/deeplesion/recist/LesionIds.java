package org.deeplesion.recist;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Stable lesion identifiers: the first 96 bits of a SHA-256 over the image's SOP Instance UID, the frame and the
 * endpoints rounded to 0.01 px, as 24 lower-case hex characters.
 *
 * <p>Re-mining the same bookmark gives the same id, so a refresh can merge instead of duplicate, and one bookmark
 * exported both as a presentation state and as a CSV row is recognised as one lesion. The two endpoints of an axis
 * are taken in a fixed order, because a line drawn from A to B is the same diameter as one from B to A and sources
 * disagree on direction. Rounding makes the id insensitive to the float32 precision of Graphic Data; endpoints that
 * straddle a rounding boundary (x.xx5) can still differ between sources, which is the price of any rounding.
 */
public final class LesionIds {

    /** Characters in an id. */
    public static final int LENGTH = 24;

    private static final double GRID_PER_PX = 100;

    private LesionIds() {}

    /**
     * @param frame 1-based frame number, 1 for single-frame images
     * @throws IllegalArgumentException for a blank UID or a frame below 1
     */
    public static String of(String sopInstanceUid, int frame, RecistMeasurement measurement) {
        requireNonNull(sopInstanceUid, "sopInstanceUid");
        requireNonNull(measurement, "measurement");
        if (sopInstanceUid.isBlank()) {
            throw new IllegalArgumentException("a lesion id needs the image's SOP Instance UID, was blank");
        }
        if (frame < 1) {
            throw new IllegalArgumentException("frame numbers start at 1, was " + frame);
        }
        StringBuilder key = new StringBuilder(sopInstanceUid.strip())
                .append('\n')
                .append(frame)
                .append('\n');
        axis(key, measurement.longStart(), measurement.longEnd());
        key.append('\n');
        if (measurement.hasShortAxis()) {
            axis(key, measurement.shortStart(), measurement.shortEnd());
        } else {
            key.append('-');
        }
        return HexFormat.of().formatHex(sha256(key.toString()), 0, LENGTH / 2);
    }

    private static void axis(StringBuilder key, PixelPoint a, PixelPoint b) {
        long ax = grid(a.x());
        long ay = grid(a.y());
        long bx = grid(b.x());
        long by = grid(b.y());
        if (ax > bx || ax == bx && ay > by) {
            key.append(bx)
                    .append(',')
                    .append(by)
                    .append(';')
                    .append(ax)
                    .append(',')
                    .append(ay);
        } else {
            key.append(ax)
                    .append(',')
                    .append(ay)
                    .append(';')
                    .append(bx)
                    .append(',')
                    .append(by);
        }
    }

    private static long grid(double v) {
        return Math.round(v * GRID_PER_PX);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
