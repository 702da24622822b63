package org.deeplesion.synth;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplesion.recist.Split;

/**
 * Decides everything about a patient that is not pixels: identifiers, split, anatomy, study dates and places, each
 * series' field of view, slice interval and position, and its lesions. Each patient draws from its own streams, so
 * patient 7 is the same whether the cohort has 10 patients or 10 000.
 */
final class CohortPlanner {

    /** Slice intervals clinical protocols use; drawn from when the spec's range contains any. */
    private static final double[] CLINICAL_INTERVALS_MM = {0.625, 1, 1.25, 2, 2.5, 3, 5, 7.5, 10};

    private static final double FOV_MARGIN_MM = 20;
    private static final double LUNG_WINDOW_CENTER = -600;
    private static final double LUNG_WINDOW_WIDTH = 1500;
    private static final double SOFT_TISSUE_WINDOW_CENTER = 50;
    private static final double SOFT_TISSUE_WINDOW_WIDTH = 450;

    private final CohortSpec spec;

    CohortPlanner(CohortSpec spec) {
        this.spec = spec;
    }

    PatientPlan patient(int patientIndex) {
        long seed = spec.seed();
        SplittableRandom r = Seeds.random(seed, "patient", patientIndex);
        boolean male = r.nextBoolean();
        LocalDate firstStudy = Identities.firstStudyDate(r);
        LocalDate birthDate = firstStudy.minusYears(r.nextInt(25, 86)).minusDays(r.nextInt(365));
        PatientIdentity identity = Identities.patient(patientIndex, seed, male, birthDate, r);
        double u = r.nextDouble();
        Split split = u < 0.70 ? Split.TRAIN : u < 0.85 ? Split.VALIDATION : Split.TEST;
        Anatomy anatomy = Anatomy.random(Seeds.random(seed, "anatomy", patientIndex));
        Identities.Institution home = Identities.homeInstitution(r);
        int studyCount = spec.studiesPerPatient().sample(r);
        List<StudyPlan> studies = new ArrayList<>(studyCount);
        LocalDate date = firstStudy;
        for (int studyIndex = 1; studyIndex <= studyCount; studyIndex++) {
            if (studyIndex > 1) {
                date = date.plusDays(r.nextInt(60, 241));
            }
            studies.add(study(patientIndex, studyIndex, identity, birthDate, date, home, anatomy));
        }
        return new PatientPlan(patientIndex, identity, split, anatomy, List.copyOf(studies));
    }

    private StudyPlan study(
            int patientIndex,
            int studyIndex,
            PatientIdentity patient,
            LocalDate birthDate,
            LocalDate date,
            Identities.Institution home,
            Anatomy anatomy) {
        long seed = spec.seed();
        SplittableRandom r = Seeds.random(seed, "study", patientIndex, studyIndex);
        Identities.Institution institution = Identities.studyInstitution(home, r);
        StudyIdentity identity = Identities.study(patientIndex, studyIndex, seed, birthDate, date, institution, r);
        SeriesGeometry geometry = geometry(anatomy, r);
        double middle = geometry.t(geometry.sliceCount() / 2);
        boolean chest = anatomy.isChest(middle);
        List<Lesion> lesions = new LesionPlanner(anatomy, geometry)
                .plan(spec.lesionsPerSeries().sample(r), spec.unbookmarkedShare(), r);
        int series = StudyPlan.SERIES_INDEX;
        List<String> sliceUids = new ArrayList<>(geometry.sliceCount());
        for (int k = 0; k < geometry.sliceCount(); k++) {
            sliceUids.add(Seeds.uid(seed, "image", patientIndex, studyIndex, series, k));
        }
        List<String> presentationUids = new ArrayList<>(lesions.size());
        for (Lesion lesion : lesions) {
            presentationUids.add(Seeds.uid(seed, "presentation-state", patientIndex, studyIndex, lesion.number()));
        }
        return new StudyPlan(
                patientIndex,
                studyIndex,
                patient,
                identity,
                institution.scanner(),
                Seeds.uid(seed, "study", patientIndex, studyIndex),
                Seeds.uid(seed, "series", patientIndex, studyIndex, series),
                Seeds.uid(seed, "frame-of-reference", patientIndex, studyIndex),
                Seeds.uid(seed, "presentation-series", patientIndex, studyIndex),
                List.copyOf(sliceUids),
                geometry,
                chest ? LUNG_WINDOW_CENTER : SOFT_TISSUE_WINDOW_CENTER,
                chest ? LUNG_WINDOW_WIDTH : SOFT_TISSUE_WINDOW_WIDTH,
                chest,
                needsUnicode(patient, identity),
                lesions,
                List.copyOf(presentationUids));
    }

    /**
     * Picks the slice interval, the series' position along the trunk, where the patient lies on the table, and a
     * field of view (whole millimetres, as scanners offer) that holds the body when the spec's spacings allow.
     */
    private SeriesGeometry geometry(Anatomy anatomy, SplittableRandom r) {
        int slices = spec.slicesPerSeries().sample(r);
        double interval = interval(r);
        double length = (slices - 1) * interval;
        double firstT = r.nextDouble() * Math.max(0, anatomy.end() - length);
        double offsetX = r.nextDouble(-15, 15);
        double offsetY = r.nextDouble(-20, 10);
        double bodyWidth = 2 * (anatomy.maxHalfWidth() + Math.abs(offsetX)) + FOV_MARGIN_MM;
        double bodyDepth = 2 * (anatomy.maxHalfWidth() * 0.75 + Math.abs(offsetY)) + FOV_MARGIN_MM;
        double needed = Math.max(bodyWidth / spec.columns(), bodyDepth / spec.rows());
        DoubleRange allowed = spec.pixelSpacingMm();
        double low = Math.min(Math.max(allowed.min(), needed), allowed.max());
        double spacing = low + (allowed.max() - low) * r.nextDouble();
        double wholeMmFov = Math.round(spacing * spec.columns());
        if (allowed.contains(wholeMmFov / spec.columns())) {
            spacing = wholeMmFov / spec.columns();
        }
        double apexZ = Math.round(r.nextDouble(-150, 250) * 10) / 10.0;
        return new SeriesGeometry(
                spec.rows(), spec.columns(), spacing, interval, slices, firstT, apexZ, offsetX, offsetY);
    }

    private double interval(SplittableRandom r) {
        DoubleRange range = spec.sliceIntervalMm();
        List<Double> clinical = new ArrayList<>();
        for (double candidate : CLINICAL_INTERVALS_MM) {
            if (range.contains(candidate)) {
                clinical.add(candidate);
            }
        }
        if (clinical.isEmpty()) {
            return range.sample(r);
        }
        return clinical.get(r.nextInt(clinical.size()));
    }

    private static boolean needsUnicode(PatientIdentity patient, StudyIdentity study) {
        for (String s : patient.identifyingStrings()) {
            if (!isAscii(s)) {
                return true;
            }
        }
        for (String s : study.identifyingStrings()) {
            if (!isAscii(s)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }
}
