package org.deeplesion.jobs.mine;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import org.deeplesion.jobs.lake.Reject;
import org.deeplesion.recist.PixelPoint;
import org.deeplesion.recist.RecistMeasurement;

/**
 * What the presentation-state pass found in one file: a RECIST measurement on an image of the lake, or a problem
 * that makes a reject. It crosses from the task to the driver as a final class of plain fields, because Spark
 * moves task results with Kryo, which cannot build records (the measurement's own types are records).
 */
final class GspsFinding implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final String sopInstanceUid;
    private final int frameIndex;
    /** Long axis start x, y, end x, y. */
    private final double[] longAxis;
    /** Short axis start x, y, end x, y; null for a lone line. */
    private final double[] shortAxis;

    private final String label;
    private final String problem;

    private GspsFinding(
            String source,
            String sopInstanceUid,
            int frameIndex,
            double[] longAxis,
            double[] shortAxis,
            String label,
            String problem) {
        this.source = source;
        this.sopInstanceUid = sopInstanceUid;
        this.frameIndex = frameIndex;
        this.longAxis = longAxis;
        this.shortAxis = shortAxis;
        this.label = label;
        this.problem = problem;
    }

    /**
     * A measurement.
     *
     * @param sopInstanceUid the image it is on, as the lake knows it
     * @param frameIndex 0-based
     */
    static GspsFinding measurement(
            String source, String sopInstanceUid, int frameIndex, RecistMeasurement m, String label) {
        requireNonNull(source, "source");
        requireNonNull(m, "m");
        double[] shortAxis = m.hasShortAxis() ? axis(m.shortStart(), m.shortEnd()) : null;
        return new GspsFinding(
                source, sopInstanceUid, frameIndex, axis(m.longStart(), m.longEnd()), shortAxis, label, null);
    }

    /** A problem of the file, or of one of its measurements; the reason names the file. */
    static GspsFinding problem(String source, String reason) {
        return new GspsFinding(
                requireNonNull(source, "source"), null, -1, null, null, null, requireNonNull(reason, "reason"));
    }

    boolean isProblem() {
        return problem != null;
    }

    /** The reject of a problem. */
    Reject reject() {
        if (problem == null) {
            throw new IllegalStateException(source + ": a measurement is no reject");
        }
        return Reject.of(source, problem);
    }

    /** The measurement as mining states it, before it is checked against its image. */
    Measured measured() {
        if (problem != null) {
            throw new IllegalStateException(source + ": a problem is no measurement: " + problem);
        }
        PixelPoint longStart = new PixelPoint(longAxis[0], longAxis[1]);
        PixelPoint longEnd = new PixelPoint(longAxis[2], longAxis[3]);
        RecistMeasurement m = shortAxis == null
                ? RecistMeasurement.longAxisOnly(longStart, longEnd)
                : RecistMeasurement.twoAxes(
                        longStart,
                        longEnd,
                        new PixelPoint(shortAxis[0], shortAxis[1]),
                        new PixelPoint(shortAxis[2], shortAxis[3]));
        return new Measured(MineJob.GSPS, source, sopInstanceUid, frameIndex, m, label, null, null, null, null, null);
    }

    private static double[] axis(PixelPoint start, PixelPoint end) {
        return new double[] {start.x(), start.y(), end.x(), end.y()};
    }
}
