package org.deeplesion.jobs.ingest;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deeplesion.dicom.SopClass;
import org.deeplesion.jobs.lake.Reject;
import org.deeplesion.jobs.spark.RowValues;

/**
 * What the header pass learned of one archive file (of one frame, for a slice), as it crosses from the task to the
 * driver. Final classes rather than records, because Spark moves task results with Kryo, which cannot build
 * records.
 */
sealed interface Header extends Serializable permits Header.Slice, Header.Annotation, Header.Unused {

    /** The file the header was read from. */
    SourceFile source();

    /** The kind's name, as the log's counts show it. */
    String kind();

    /** One frame of a CT slice, to be decoded. */
    final class Slice implements Header {

        private static final long serialVersionUID = 1L;

        private final SourceFile source;
        private final String studyUid;
        private final String seriesUid;
        private final String sopInstanceUid;
        private final int frameIndex;
        private final Integer instanceNumber;
        private final double positionMm;

        Slice(
                SourceFile source,
                String studyUid,
                String seriesUid,
                String sopInstanceUid,
                int frameIndex,
                Integer instanceNumber,
                double positionMm) {
            this.source = requireNonNull(source, "source");
            this.studyUid = studyUid;
            this.seriesUid = seriesUid;
            this.sopInstanceUid = sopInstanceUid;
            this.frameIndex = frameIndex;
            this.instanceNumber = instanceNumber;
            this.positionMm = positionMm;
        }

        @Override
        public SourceFile source() {
            return source;
        }

        @Override
        public String kind() {
            return "slice";
        }

        String seriesUid() {
            return seriesUid;
        }

        /** The slice as the selection orders it within its series. */
        SliceSelection.Slice place() {
            return new SliceSelection.Slice(
                    studyUid, seriesUid, sopInstanceUid, frameIndex, instanceNumber, positionMm, source);
        }
    }

    /** An annotation object (presentation state, structured report, key object selection), for {@code objects}. */
    final class Annotation implements Header {

        private static final long serialVersionUID = 1L;

        private final SourceFile source;
        private final String sopClassUid;
        private final String patientKey;
        private final String studyUid;
        private final String seriesUid;
        private final String sopInstanceUid;
        /** A mutable list: Kryo cannot rebuild an immutable one. */
        private final ArrayList<String> referenced;

        Annotation(
                SourceFile source,
                String sopClassUid,
                String patientKey,
                String studyUid,
                String seriesUid,
                String sopInstanceUid,
                List<String> referenced) {
            this.source = requireNonNull(source, "source");
            this.sopClassUid = sopClassUid;
            this.patientKey = patientKey;
            this.studyUid = studyUid;
            this.seriesUid = seriesUid;
            this.sopInstanceUid = sopInstanceUid;
            this.referenced = new ArrayList<>(requireNonNull(referenced, "referenced"));
        }

        @Override
        public SourceFile source() {
            return source;
        }

        @Override
        public String kind() {
            return "object";
        }

        /** The {@code objects} row. */
        Row row(String runId) {
            return RowFactory.create(
                    sopClassUid,
                    SopClass.name(sopClassUid),
                    patientKey,
                    studyUid,
                    seriesUid,
                    sopInstanceUid,
                    RowValues.array(new ArrayList<>(referenced)),
                    source.uri(),
                    source.size(),
                    new Timestamp(source.modified()),
                    runId);
        }
    }

    /** A file whose pixels are not read, and why. */
    abstract sealed class Unused implements Header permits Skipped, Rejected {

        private static final long serialVersionUID = 1L;

        private final SourceFile source;
        private final String reason;

        Unused(SourceFile source, String reason) {
            this.source = requireNonNull(source, "source");
            this.reason = requireNonNull(reason, "reason");
        }

        @Override
        public SourceFile source() {
            return source;
        }

        String reason() {
            return reason;
        }
    }

    /** A file that is not ingested and is no error: not DICOM, or a DICOMDIR. */
    final class Skipped extends Unused {

        private static final long serialVersionUID = 1L;

        Skipped(SourceFile source, String reason) {
            super(source, reason);
        }

        @Override
        public String kind() {
            return "skipped";
        }
    }

    /** A file that cannot be ingested, with the reason. */
    final class Rejected extends Unused {

        private static final long serialVersionUID = 1L;

        Rejected(SourceFile source, String reason) {
            super(source, reason);
        }

        @Override
        public String kind() {
            return "rejected";
        }

        Reject reject() {
            return Reject.ofFile(source().uri(), source().size(), source().modified(), reason());
        }
    }
}
