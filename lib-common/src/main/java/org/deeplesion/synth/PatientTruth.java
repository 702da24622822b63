package org.deeplesion.synth;

import java.util.ArrayList;
import java.util.List;
import org.deeplesion.recist.Split;

/**
 * One patient: the 1-based index DeepLesion files use, the identifiers written into the headers, the data split
 * and the studies.
 */
public record PatientTruth(int patientIndex, PatientIdentity identity, Split split, List<StudyTruth> studies) {

    public PatientTruth {
        studies = List.copyOf(studies);
    }

    /** Every identifying string written for this patient, in any of its studies. */
    public List<String> identifyingStrings() {
        List<String> all = new ArrayList<>(identity.identifyingStrings());
        for (StudyTruth study : studies) {
            all.addAll(study.identity().identifyingStrings());
        }
        return all;
    }
}
