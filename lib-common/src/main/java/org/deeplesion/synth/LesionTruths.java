package org.deeplesion.synth;

import java.util.ArrayList;
import java.util.List;
import org.deeplesion.recist.BoundingBox;
import org.deeplesion.recist.PixelPoint;
import org.deeplesion.recist.RecistMeasurement;

/** Measures a planned lesion the way the truth file reports it: analytically, from its cross-sections. */
final class LesionTruths {

    private LesionTruths() {}

    static LesionTruth of(StudyPlan plan, Lesion lesion) {
        SeriesGeometry g = plan.geometry();
        List<SliceBox> boxes = new ArrayList<>();
        for (int k = 0; k < g.sliceCount(); k++) {
            Ellipse section = lesion.crossSection(g.t(k));
            if (section != null) {
                BoundingBox box = tightBox(g.toPixels(section), g.rows(), g.columns());
                if (box != null) {
                    boxes.add(new SliceBox(k, plan.sliceUids().get(k), box));
                }
            }
        }
        if (boxes.stream().noneMatch(b -> b.sliceIndex() == lesion.keySlice())) {
            throw new IllegalStateException("lesion " + plan.lesionId(lesion) + " covers no pixel of its key slice "
                    + lesion.keySlice() + "; the planner must not place it");
        }
        RecistMeasurement recist = recist(g.toPixels(lesion.crossSection(g.t(lesion.keySlice()))));
        double rotation = Math.toDegrees(lesion.angle());
        return new LesionTruth(
                plan.lesionId(lesion),
                plan.patientIndex(),
                plan.patient().patientId(),
                plan.studyIndex(),
                StudyPlan.SERIES_INDEX,
                plan.studyInstanceUid(),
                plan.seriesInstanceUid(),
                lesion.type(),
                lesion.coarseType(),
                new Point3(lesion.x() + g.offsetX(), lesion.y() + g.offsetY(), g.apexZ() - lesion.t()),
                new PixelPoint(g.column(lesion.x()), g.row(lesion.y())),
                g.sliceOf(lesion.t()),
                new SemiAxes(lesion.a(), lesion.b(), lesion.c()),
                rotation,
                lesion.hu(),
                lesion.textureAmplitude(),
                boxes.get(0).sliceIndex(),
                boxes.get(boxes.size() - 1).sliceIndex(),
                lesion.keySlice(),
                plan.sliceUids().get(lesion.keySlice()),
                lesion.bookmarked(),
                plan.presentationUid(lesion),
                recist,
                recist.longDiameterPx(),
                recist.shortDiameterPx(),
                recist.longDiameterMm(g.pixelSpacing()),
                recist.shortDiameterMm(g.pixelSpacing()),
                BoundingBox.fromRecist(recist, g.rows(), g.columns()),
                boxes);
    }

    /**
     * The RECIST axes of an elliptic cross-section: its major axis, and its minor axis, which is the longest chord
     * perpendicular to the major one.
     */
    static RecistMeasurement recist(Ellipse pixels) {
        double major = pixels.a();
        double minor = pixels.b();
        double angle = pixels.angle();
        if (minor > major) {
            major = pixels.b();
            minor = pixels.a();
            angle += Math.PI / 2;
        }
        double ux = Math.cos(angle);
        double uy = Math.sin(angle);
        double cx = pixels.cx();
        double cy = pixels.cy();
        return RecistMeasurement.twoAxes(
                new PixelPoint(cx - major * ux, cy - major * uy), new PixelPoint(cx + major * ux, cy + major * uy),
                new PixelPoint(cx + minor * uy, cy - minor * ux), new PixelPoint(cx - minor * uy, cy + minor * ux));
    }

    /** The extent of the pixels whose centres the ellipse covers, within the image; null when there are none. */
    static BoundingBox tightBox(Ellipse pixels, int rows, int columns) {
        int[] span = new int[2];
        int minColumn = Integer.MAX_VALUE;
        int maxColumn = Integer.MIN_VALUE;
        int minRow = Integer.MAX_VALUE;
        int maxRow = Integer.MIN_VALUE;
        for (int row = Math.max(0, pixels.firstRow()); row <= Math.min(rows - 1, pixels.lastRow()); row++) {
            if (!pixels.columnSpan(row, span)) {
                continue;
            }
            int from = Math.max(0, span[0]);
            int to = Math.min(columns - 1, span[1]);
            if (from > to) {
                continue;
            }
            minColumn = Math.min(minColumn, from);
            maxColumn = Math.max(maxColumn, to);
            minRow = Math.min(minRow, row);
            maxRow = Math.max(maxRow, row);
        }
        return minRow > maxRow ? null : new BoundingBox(minColumn, minRow, maxColumn, maxRow);
    }
}
