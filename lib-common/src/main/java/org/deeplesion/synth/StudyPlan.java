package org.deeplesion.synth;

import java.util.List;
import java.util.Locale;

/**
 * Everything decided about one study before any pixel is drawn: identifiers, UIDs, the series' geometry and
 * display window, and its lesions. The study holds one CT series (series index 1) and, when anything is
 * bookmarked, one presentation state series.
 */
record StudyPlan(
        int patientIndex,
        int studyIndex,
        PatientIdentity patient,
        StudyIdentity identity,
        ScannerModel scanner,
        String studyInstanceUid,
        String seriesInstanceUid,
        String frameOfReferenceUid,
        String presentationSeriesInstanceUid,
        List<String> sliceUids,
        SeriesGeometry geometry,
        double windowCenter,
        double windowWidth,
        boolean chest,
        boolean unicode,
        List<Lesion> lesions,
        List<String> presentationUids) {

    static final int SERIES_INDEX = 1;

    /** A stable id naming patient, study, series and lesion. */
    String lesionId(Lesion lesion) {
        return String.format(
                Locale.ROOT, "%06d_%02d_%02d_L%02d", patientIndex, studyIndex, SERIES_INDEX, lesion.number());
    }

    /** The presentation state of a bookmarked lesion, or null. */
    String presentationUid(Lesion lesion) {
        return lesion.bookmarked() ? presentationUids.get(lesion.number() - 1) : null;
    }
}
