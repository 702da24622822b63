package org.deeplesion.synth;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.deeplesion.release.CoarseLesionType;

/**
 * Places the lesions of one series: draws a type, a key slice and a size, puts the centre inside the host organ
 * and keeps the candidate only if the tissue around it (in plane and above and below) is the host's, it lies in the
 * image, and it does not touch another lesion. Failed candidates are redrawn smaller; a lesion that finds no room
 * is left out, so a series may hold fewer lesions than asked for.
 */
final class LesionPlanner {

    private static final int TYPE_DRAWS = 4;
    private static final int ATTEMPTS_PER_TYPE = 30;
    private static final int RING_POINTS = 12;
    /** Every lesion is at least this many pixels across its short in-plane semi-axis, so it is visible. */
    private static final double MIN_SEMI_AXIS_PX = 2;

    private static final double MIN_GAP_MM = 3;
    private static final float MASS_TEXTURE_HU = 12;
    private static final double MASS_TEXTURE_WAVELENGTH_MM = 12;

    private static final Set<Tissue> LUNG = EnumSet.of(Tissue.LUNG, Tissue.LUNG_VESSEL);
    private static final Set<Tissue> LIVER = EnumSet.of(Tissue.LIVER, Tissue.LIVER_VESSEL);
    private static final Set<Tissue> KIDNEY = EnumSet.of(Tissue.KIDNEY, Tissue.KIDNEY_SINUS);
    private static final Set<Tissue> BONE = EnumSet.of(Tissue.CANCELLOUS_BONE, Tissue.CORTICAL_BONE);
    private static final Set<Tissue> MEDIASTINUM = EnumSet.of(Tissue.MEDIASTINUM);
    private static final Set<Tissue> ABDOMINAL_FAT = EnumSet.of(Tissue.CAVITY);
    private static final Set<Tissue> BODY_WALL = EnumSet.of(Tissue.FAT, Tissue.MUSCLE);
    private static final Set<Tissue> NOT_AIR_OR_LUNG =
            EnumSet.complementOf(EnumSet.of(Tissue.AIR, Tissue.LUNG, Tissue.LUNG_VESSEL, Tissue.AIRWAY));

    private final Anatomy anatomy;
    private final SeriesGeometry geometry;

    LesionPlanner(Anatomy anatomy, SeriesGeometry geometry) {
        this.anatomy = anatomy;
        this.geometry = geometry;
    }

    List<Lesion> plan(int count, double unbookmarkedShare, SplittableRandom r) {
        List<Lesion> placed = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            Lesion lesion = placeOne(placed.size() + 1, placed, r);
            if (lesion != null) {
                boolean bookmarked = r.nextDouble() >= unbookmarkedShare;
                placed.add(withBookmark(lesion, bookmarked));
            }
        }
        return List.copyOf(placed);
    }

    private Lesion placeOne(int number, List<Lesion> placed, SplittableRandom r) {
        for (int draw = 0; draw < TYPE_DRAWS; draw++) {
            LesionType type = drawType(r);
            for (int attempt = 0; attempt < ATTEMPTS_PER_TYPE; attempt++) {
                double shrink = 1 - 0.8 * attempt / (double) ATTEMPTS_PER_TYPE;
                Lesion candidate = candidate(number, type, shrink, r);
                if (candidate != null && clearOf(candidate, placed)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static LesionType drawType(SplittableRandom r) {
        double total = 0;
        for (LesionType type : LesionType.values()) {
            total += type.weight();
        }
        double pick = r.nextDouble(total);
        for (LesionType type : LesionType.values()) {
            pick -= type.weight();
            if (pick < 0) {
                return type;
            }
        }
        return LesionType.values()[LesionType.values().length - 1];
    }

    /** One try at a lesion of the type, its size drawn from the lower {@code shrink} part of the type's range. */
    private Lesion candidate(int number, LesionType type, double shrink, SplittableRandom r) {
        int keySlice = r.nextInt(1, geometry.sliceCount() - 1);
        double t = geometry.t(keySlice) + r.nextDouble(-0.25, 0.25) * geometry.intervalMm();
        DoubleRange sizes = type.diameterMm();
        double diameter = sizes.min() + (sizes.max() - sizes.min()) * shrink * r.nextDouble();
        double minSemiAxis = MIN_SEMI_AXIS_PX * geometry.spacingMm();
        double b = Math.max(minSemiAxis, diameter / 2 * r.nextDouble(type.minAspect(), 1));
        double a = Math.max(b, diameter / 2);
        double c = Math.max(a * r.nextDouble(0.75, 1.1), 1.1 * geometry.intervalMm());
        double angle = r.nextDouble(Math.PI);
        double hu = type.hu().sample(r);
        Placement where = placement(type, t, a, b, r);
        if (where == null) {
            return null;
        }
        if (where.angle() != null) {
            angle = where.angle();
            b = Math.min(b, where.maxB());
            if (b < minSemiAxis) {
                return null;
            }
        }
        float amplitude = type == LesionType.SOFT_TISSUE_MASS ? MASS_TEXTURE_HU : 0;
        Lesion lesion = new Lesion(
                number,
                type,
                where.coarseType(),
                where.x(),
                where.y(),
                t,
                a,
                b,
                c,
                angle,
                (float) hu,
                amplitude,
                MASS_TEXTURE_WAVELENGTH_MM,
                keySlice,
                false);
        return fits(lesion, where) ? lesion : null;
    }

    /**
     * Where a lesion's centre goes and what must surround it.
     *
     * @param ring fraction of the in-plane semi-axes at which the surrounding tissue is checked
     * @param angle the orientation the host imposes (masses lie along the body wall), or null for any
     */
    private record Placement(
            double x,
            double y,
            CoarseLesionType coarseType,
            Set<Tissue> centre,
            Set<Tissue> around,
            double ring,
            Double angle,
            double maxB) {}

    private Placement placement(LesionType type, double t, double a, double b, SplittableRandom r) {
        boolean chest = anatomy.isChest(t);
        CoarseLesionType coarse = type.coarseType(chest);
        switch (type) {
            case LUNG_NODULE -> {
                return inside(anatomy.lung(t, r.nextBoolean()), coarse, LUNG, LUNG, 1.0, r);
            }
            case LIVER_LESION -> {
                return inside(anatomy.liver(t), coarse, LIVER, LIVER, 0.9, r);
            }
            case KIDNEY_LESION -> {
                return inside(anatomy.kidney(t, r.nextBoolean()), coarse, KIDNEY, KIDNEY, 0.4, r);
            }
            case BONE_LESION -> {
                return inside(anatomy.vertebralBody(t).shrunk(2.5), coarse, BONE, BONE, 0.8, r);
            }
            case LYMPH_NODE -> {
                if (chest) {
                    return inside(anatomy.mediastinum(t), coarse, MEDIASTINUM, MEDIASTINUM, 0.8, r);
                }
                Ellipse aorta = anatomy.abdominalAorta(t);
                if (aorta == null) {
                    return null;
                }
                double direction = r.nextDouble(Math.PI, 2 * Math.PI);
                double distance = aorta.a() + b + r.nextDouble(2, 12);
                return new Placement(
                        aorta.cx() + distance * Math.cos(direction),
                        aorta.cy() + distance * Math.sin(direction),
                        coarse,
                        ABDOMINAL_FAT,
                        ABDOMINAL_FAT,
                        0.8,
                        null,
                        Double.POSITIVE_INFINITY);
            }
            case SOFT_TISSUE_MASS -> {
                Ellipse body = anatomy.body(t);
                Ellipse cavity = anatomy.cavity(t);
                double wall = body.a() - cavity.a();
                Ellipse midWall = new Ellipse(0, 0, body.a() - wall / 2, body.b() - wall / 2, 0);
                double phi = r.nextDouble(2 * Math.PI);
                double tangent = Math.atan2(midWall.b() * Math.cos(phi), -midWall.a() * Math.sin(phi));
                return new Placement(
                        midWall.pointX(phi, 1),
                        midWall.pointY(phi, 1),
                        coarse,
                        BODY_WALL,
                        NOT_AIR_OR_LUNG,
                        1.0,
                        tangent,
                        wall / 2 + 8);
            }
            default -> throw new IllegalStateException("no placement for " + type);
        }
    }

    private static Placement inside(
            Ellipse host,
            CoarseLesionType coarse,
            Set<Tissue> centre,
            Set<Tissue> around,
            double ring,
            SplittableRandom r) {
        if (host == null) {
            return null;
        }
        double radius = 0.85 * Math.sqrt(r.nextDouble());
        double phi = r.nextDouble(2 * Math.PI);
        return new Placement(
                host.pointX(phi, radius),
                host.pointY(phi, radius),
                coarse,
                centre,
                around,
                ring,
                null,
                Double.POSITIVE_INFINITY);
    }

    /** Whether the tissue at and around the lesion is its host's, in the key plane and above and below it. */
    private boolean fits(Lesion lesion, Placement where) {
        Ellipse section = lesion.crossSection(lesion.t());
        Ellipse pixels = geometry.toPixels(section);
        if (pixels.cx() - pixels.halfWidth() < 0
                || pixels.cx() + pixels.halfWidth() > geometry.columns() - 1
                || pixels.cy() - pixels.halfHeight() < 0
                || pixels.cy() + pixels.halfHeight() > geometry.rows() - 1) {
            return false;
        }
        List<Region> regions = anatomy.regionsAt(lesion.t());
        if (!where.centre().contains(Anatomy.tissueAt(regions, lesion.x(), lesion.y()))) {
            return false;
        }
        for (int i = 0; i < RING_POINTS; i++) {
            double phi = 2 * Math.PI * i / RING_POINTS;
            if (!where.around()
                    .contains(Anatomy.tissueAt(
                            regions, section.pointX(phi, where.ring()), section.pointY(phi, where.ring())))) {
                return false;
            }
        }
        for (double dz : new double[] {-0.6, 0.6}) {
            List<Region> plane = anatomy.regionsAt(lesion.t() + dz * lesion.c());
            if (!where.centre().contains(Anatomy.tissueAt(plane, lesion.x(), lesion.y()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean clearOf(Lesion candidate, List<Lesion> placed) {
        for (Lesion other : placed) {
            double distance = Math.sqrt(square(candidate.x() - other.x())
                    + square(candidate.y() - other.y())
                    + square(candidate.t() - other.t()));
            if (distance < candidate.boundingRadius() + other.boundingRadius() + MIN_GAP_MM) {
                return false;
            }
        }
        return true;
    }

    private static Lesion withBookmark(Lesion l, boolean bookmarked) {
        return new Lesion(
                l.number(),
                l.type(),
                l.coarseType(),
                l.x(),
                l.y(),
                l.t(),
                l.a(),
                l.b(),
                l.c(),
                l.angle(),
                l.hu(),
                l.textureAmplitude(),
                l.textureWavelengthMm(),
                l.keySlice(),
                bookmarked);
    }

    private static double square(double v) {
        return v * v;
    }
}
