package org.deeplesion.synth;

import java.util.List;

/** One study of a patient: its identifiers as written and its series. */
public record StudyTruth(int studyIndex, String studyInstanceUid, StudyIdentity identity, List<SeriesTruth> series) {

    public StudyTruth {
        series = List.copyOf(series);
    }
}
