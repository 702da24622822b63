package org.deeplesion.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.deeplesion.recist.BoundingBox;
import org.deeplesion.recist.RecistMeasurement;
import org.deeplesion.release.CoarseLesionType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The planned lesions of a cohort, checked against their analytic shapes; nothing is written. */
class LesionGeometryTest {

    private static final CohortSpec SPEC = CohortSpec.defaults(12, 3);
    private static final Map<LesionType, Set<Tissue>> HOSTS = Map.of(
            LesionType.LUNG_NODULE, EnumSet.of(Tissue.LUNG, Tissue.LUNG_VESSEL),
            LesionType.LIVER_LESION, EnumSet.of(Tissue.LIVER, Tissue.LIVER_VESSEL),
            LesionType.LYMPH_NODE, EnumSet.of(Tissue.MEDIASTINUM, Tissue.CAVITY),
            LesionType.KIDNEY_LESION, EnumSet.of(Tissue.KIDNEY, Tissue.KIDNEY_SINUS),
            LesionType.BONE_LESION, EnumSet.of(Tissue.CANCELLOUS_BONE, Tissue.CORTICAL_BONE),
            LesionType.SOFT_TISSUE_MASS, EnumSet.of(Tissue.FAT, Tissue.MUSCLE));

    private record Planned(PatientPlan patient, StudyPlan study, Lesion lesion, LesionTruth truth) {}

    private static final List<Planned> LESIONS = new ArrayList<>();

    @BeforeAll
    static void plan() {
        CohortPlanner planner = new CohortPlanner(SPEC);
        for (int p = 1; p <= SPEC.patients(); p++) {
            PatientPlan patient = planner.patient(p);
            for (StudyPlan study : patient.studies()) {
                for (Lesion lesion : study.lesions()) {
                    LESIONS.add(new Planned(patient, study, lesion, LesionTruths.of(study, lesion)));
                }
            }
        }
    }

    @Test
    void recistAxesAreTheKeyCrossSectionsDiameters() {
        assertThat(LESIONS).hasSizeGreaterThan(20);
        for (Planned p : LESIONS) {
            SeriesGeometry g = p.study().geometry();
            Ellipse key = p.lesion().crossSection(g.t(p.lesion().keySlice()));
            RecistMeasurement recist = p.truth().recist();

            assertThat(recist.longDiameterPx()).isCloseTo(2 * Math.max(key.a(), key.b()) / g.spacingMm(), within(1e-9));
            assertThat(recist.shortDiameterPx())
                    .isCloseTo(2 * Math.min(key.a(), key.b()) / g.spacingMm(), within(1e-9));
            assertThat(p.truth().longDiameterMm()).isCloseTo(2 * Math.max(key.a(), key.b()), within(1e-9));
        }
    }

    @Test
    void recistAxesArePerpendicularAndCrossAtTheCentre() {
        for (Planned p : LESIONS) {
            RecistMeasurement recist = p.truth().recist();

            assertThat(recist.angleBetweenAxesDegrees()).isCloseTo(90, within(1e-6));
            assertThat(recist.axesCross()).isTrue();
            assertThat((recist.longStart().x() + recist.longEnd().x()) / 2)
                    .isCloseTo(p.truth().centrePx().x(), within(1e-9));
            assertThat((recist.shortStart().y() + recist.shortEnd().y()) / 2)
                    .isCloseTo(p.truth().centrePx().y(), within(1e-9));
        }
    }

    @Test
    void sliceBoxIsTheExtentOfThePaintedLesion() {
        for (Planned p : LESIONS.subList(0, 12)) {
            SeriesGeometry g = p.study().geometry();
            SliceRenderer renderer = new SliceRenderer(g.rows(), g.columns());
            short[] hu = new short[g.rows() * g.columns()];
            for (SliceBox box : p.truth().sliceBoxes()) {
                Region lesion = g.toPixels(p.lesion().region(g.t(box.sliceIndex())));
                renderer.render(List.of(lesion), false, 0, new SplittableRandom(1), -2000, 4000, hu);

                assertThat(paintedExtent(hu, g.columns()))
                        .as(p.truth().lesionId() + " slice " + box.sliceIndex())
                        .isEqualTo(box.box());
            }
        }
    }

    @Test
    void lesionAppearsOnContiguousSlicesAroundItsKeySlice() {
        for (Planned p : LESIONS) {
            List<SliceBox> boxes = p.truth().sliceBoxes();
            LesionTruth truth = p.truth();

            assertThat(boxes)
                    .extracting(SliceBox::sliceIndex)
                    .isSorted()
                    .containsExactlyElementsOf(range(truth.firstSlice(), truth.lastSlice()));
            assertThat(truth.keySlice()).isBetween(truth.firstSlice(), truth.lastSlice());
            assertThat(truth.lastSlice()).as("spans several slices").isGreaterThan(truth.firstSlice());
        }
    }

    @Test
    void keySliceHasTheLargestCrossSection() {
        for (Planned p : LESIONS) {
            double keyArea = p.truth().boxOn(p.truth().keySlice()).area();

            assertThat(p.truth().sliceBoxes())
                    .allSatisfy(b -> assertThat(b.box().area()).isLessThanOrEqualTo(keyArea));
        }
    }

    @Test
    void deepLesionBoxIsTheRecistExtentPaddedByFivePixels() {
        for (Planned p : LESIONS) {
            RecistMeasurement r = p.truth().recist();
            double minX = Math.min(
                    Math.min(r.longStart().x(), r.longEnd().x()),
                    Math.min(r.shortStart().x(), r.shortEnd().x()));
            double maxY = Math.max(
                    Math.max(r.longStart().y(), r.longEnd().y()),
                    Math.max(r.shortStart().y(), r.shortEnd().y()));

            assertThat(p.truth().deepLesionBox().x1()).isEqualTo(Math.max(0, minX - 5));
            assertThat(p.truth().deepLesionBox().y2())
                    .isEqualTo(Math.min(p.study().geometry().rows() - 1, maxY + 5));
        }
    }

    @Test
    void lesionCentreLiesInItsHostTissue() {
        for (Planned p : LESIONS) {
            Lesion lesion = p.lesion();
            Tissue host = Anatomy.tissueAt(p.patient().anatomy().regionsAt(lesion.t()), lesion.x(), lesion.y());

            assertThat(host).as(p.truth().lesionId() + " " + lesion.type()).isIn(HOSTS.get(lesion.type()));
        }
    }

    @Test
    void lymphNodesAreMediastinalInTheChestAndAbdominalBelow() {
        for (Planned p : LESIONS) {
            if (p.lesion().type() == LesionType.LYMPH_NODE) {
                boolean chest = p.patient().anatomy().isChest(p.lesion().t());

                assertThat(p.truth().coarseType())
                        .isEqualTo(chest ? CoarseLesionType.MEDIASTINUM : CoarseLesionType.ABDOMEN);
            }
        }
    }

    @Test
    void lesionsOfASeriesDoNotTouch() {
        for (Planned a : LESIONS) {
            for (Planned b : LESIONS) {
                if (a.study() == b.study() && a.lesion().number() < b.lesion().number()) {
                    double distance =
                            Math.sqrt(Math.pow(a.lesion().x() - b.lesion().x(), 2)
                                    + Math.pow(a.lesion().y() - b.lesion().y(), 2)
                                    + Math.pow(a.lesion().t() - b.lesion().t(), 2));

                    assertThat(distance)
                            .isGreaterThan(
                                    a.lesion().boundingRadius() + b.lesion().boundingRadius());
                }
            }
        }
    }

    @Test
    void severalLesionsCanShareASlice() {
        long shared = LESIONS.stream()
                .filter(p -> LESIONS.stream()
                        .anyMatch(o -> o != p
                                && o.study() == p.study()
                                && o.truth().boxOn(p.truth().keySlice()) != null))
                .count();

        assertThat(shared).isPositive();
    }

    private static BoundingBox paintedExtent(short[] hu, int columns) {
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = -1;
        int maxY = -1;
        for (int i = 0; i < hu.length; i++) {
            if (hu[i] != (short) Anatomy.AIR) {
                minX = Math.min(minX, i % columns);
                maxX = Math.max(maxX, i % columns);
                minY = Math.min(minY, i / columns);
                maxY = Math.max(maxY, i / columns);
            }
        }
        return new BoundingBox(minX, minY, maxX, maxY);
    }

    private static List<Integer> range(int first, int last) {
        List<Integer> values = new ArrayList<>();
        for (int i = first; i <= last; i++) {
            values.add(i);
        }
        return values;
    }
}
