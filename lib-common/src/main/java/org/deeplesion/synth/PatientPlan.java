package org.deeplesion.synth;

import java.util.List;
import org.deeplesion.recist.Split;

/** One patient before rendering: identity, data split, anatomy and studies. */
record PatientPlan(int patientIndex, PatientIdentity identity, Split split, Anatomy anatomy, List<StudyPlan> studies) {}
