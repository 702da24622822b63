package org.deeplesion.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One patient's body phantom: a stack of ellipses whose sizes and positions are smooth functions of the
 * craniocaudal position t (millimetres below the lung apexes). Phantom coordinates are millimetres from the body's
 * centre, x towards the patient's left and y towards the back, the axes of DICOM's patient coordinate system.
 *
 * <p>Organs are capped ellipsoids along t, so they appear and disappear gradually as a series moves through the
 * chest and abdomen. Sizes and positions are drawn per patient; the tissue values follow a contrast-enhanced
 * portal venous phase.
 */
final class Anatomy {

    static final float AIR = -1000;
    static final float FAT = -100;
    static final float MUSCLE = 40;
    static final float LUNG = -850;
    static final float LIVER = 60;
    static final float SPLEEN = 50;
    static final float KIDNEY_CORTEX = 150;
    static final float BLOOD = 180;
    static final float CORTICAL_BONE = 1100;
    static final float CANCELLOUS_BONE = 250;
    private static final float CHEST_FILL = 35;
    private static final float ABDOMEN_FILL = -70;
    private static final float MEDIASTINAL_FAT = -90;
    private static final float MYOCARDIUM = 45;
    private static final float VENOUS_BLOOD = 130;
    private static final float PULMONARY_VESSEL = 120;
    private static final float PORTAL_VESSEL = 150;
    private static final float BOWEL = 25;
    private static final float GAS = -950;
    private static final float CSF = 15;
    private static final float KIDNEY_SINUS_FAT = -20;
    private static final int RIBS = 12;

    private final double halfWidth;
    private final double halfDepth;
    private final double fat;
    private final double muscle;
    private final double diaphragm;
    private final double liverLength;
    private final double liverScale;
    private final double liverShiftX;
    private final float liverHu;
    private final double spleenLength;
    private final double spleenScale;
    private final double heartTop;
    private final double carina;
    private final double aorticArch;
    private final double rightKidneyTop;
    private final double leftKidneyTop;
    private final double kidneyLength;
    private final double kidneyScale;
    private final double ribStart;
    private final double ribSpacing;
    private final double ribDescent;
    private final List<Tube> rightLungVessels;
    private final List<Tube> leftLungVessels;
    private final List<Tube> liverVessels;
    private final List<Tube> bowelLoops;

    private Anatomy(SplittableRandom r) {
        halfWidth = r.nextDouble(135, 185);
        halfDepth = halfWidth * r.nextDouble(0.62, 0.75);
        fat = r.nextDouble(6, 30);
        muscle = r.nextDouble(8, 15);
        diaphragm = r.nextDouble(190, 235);
        liverLength = r.nextDouble(140, 190);
        liverScale = r.nextDouble(0.88, 1.1);
        liverShiftX = r.nextDouble(-0.04, 0.04);
        liverHu = (float) r.nextDouble(55, 66);
        spleenLength = r.nextDouble(90, 120);
        spleenScale = r.nextDouble(0.8, 1.15);
        heartTop = diaphragm - r.nextDouble(95, 120);
        carina = diaphragm - r.nextDouble(80, 100);
        aorticArch = diaphragm - r.nextDouble(145, 165);
        rightKidneyTop = diaphragm + r.nextDouble(95, 125);
        leftKidneyTop = rightKidneyTop - r.nextDouble(5, 25);
        kidneyLength = r.nextDouble(100, 125);
        kidneyScale = r.nextDouble(0.9, 1.1);
        ribStart = r.nextDouble(-15, 5);
        ribSpacing = r.nextDouble(19, 23);
        ribDescent = r.nextDouble(75, 95);
        rightLungVessels = tubes(r, 28, 0, diaphragm + 40, 1, 3.5, PULMONARY_VESSEL, 0);
        leftLungVessels = tubes(r, 26, 0, diaphragm + 40, 1, 3.5, PULMONARY_VESSEL, 0);
        liverVessels = tubes(r, 7, diaphragm, diaphragm + liverLength, 2, 5, PORTAL_VESSEL, 0);
        bowelLoops = tubes(r, 14, diaphragm + 60, end(), 8, 16, BOWEL, 0.4);
    }

    static Anatomy random(SplittableRandom r) {
        return new Anatomy(r);
    }

    private static List<Tube> tubes(
            SplittableRandom r,
            int n,
            double tStart,
            double tEnd,
            double minRadius,
            double maxRadius,
            float hu,
            double gasShare) {
        List<Tube> tubes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tubes.add(Tube.random(r, tStart, tEnd, minRadius, maxRadius, hu, gasShare));
        }
        return List.copyOf(tubes);
    }

    /** The lower end of the modelled trunk: below the kidneys. */
    double end() {
        return diaphragm + 300;
    }

    double diaphragm() {
        return diaphragm;
    }

    /** The widest the body gets, for choosing a field of view. */
    double maxHalfWidth() {
        return halfWidth;
    }

    boolean isChest(double t) {
        return t < diaphragm;
    }

    // ---- organ shapes at t (null where the organ is absent) ------------------------------------------------

    Ellipse body(double t) {
        double w = halfWidth * (0.93 + 0.07 * smoothstep(t / 200));
        double d = halfDepth * (1 + 0.03 * Math.sin(t / 80));
        return new Ellipse(0, 0, w, d, 0);
    }

    Ellipse cavity(double t) {
        Ellipse body = body(t);
        return new Ellipse(0, 0, body.a() - fat - muscle, body.b() - fat - muscle, 0);
    }

    Ellipse lung(double t, boolean right) {
        double scale = capped(t, 0, diaphragm + 45, 60, 70);
        if (scale <= 0.1) {
            return null;
        }
        Ellipse c = cavity(t);
        double sign = right ? -1 : 1;
        return new Ellipse(
                sign * 0.56 * c.a(),
                0.22 * c.b() * (1 - scale),
                (right ? 0.44 : 0.42) * c.a() * scale,
                0.9 * c.b() * scale,
                0);
    }

    Ellipse mediastinum(double t) {
        double scale = capped(t, 0, diaphragm + 5, 40, 30);
        if (scale <= 0.1) {
            return null;
        }
        Ellipse c = cavity(t);
        return new Ellipse(0.02 * c.a(), -0.15 * c.b(), 0.2 * c.a() * scale, 0.8 * c.b() * scale, 0);
    }

    Ellipse heart(double t) {
        double scale = capped(t, heartTop, diaphragm + 10, 45, 30);
        if (scale <= 0.1) {
            return null;
        }
        Ellipse c = cavity(t);
        return new Ellipse(
                0.12 * c.a(), -0.28 * c.b(), 0.42 * c.a() * scale, 0.48 * c.b() * scale, Math.toRadians(-25));
    }

    /** The right lobe, where liver lesions are placed. */
    Ellipse liver(double t) {
        double scale = capped(t, diaphragm - 5, diaphragm + liverLength, 40, 60);
        if (scale <= 0.1) {
            return null;
        }
        Ellipse c = cavity(t);
        return new Ellipse(
                (-0.4 + liverShiftX) * c.a(),
                0.05 * c.b(),
                0.5 * c.a() * liverScale * scale,
                0.66 * c.b() * liverScale * scale,
                0.2);
    }

    Ellipse leftLiverLobe(double t) {
        double scale = capped(t, diaphragm + 5, diaphragm + 95, 25, 30);
        if (scale <= 0.1) {
            return null;
        }
        Ellipse c = cavity(t);
        return new Ellipse(0.1 * c.a(), -0.45 * c.b(), 0.4 * c.a() * scale, 0.33 * c.b() * scale, -0.15);
    }

    Ellipse spleen(double t) {
        double scale = capped(t, diaphragm + 10, diaphragm + 10 + spleenLength, 30, 30);
        if (scale <= 0.1) {
            return null;
        }
        Ellipse c = cavity(t);
        return new Ellipse(
                0.6 * c.a(), 0.38 * c.b(), 0.2 * c.a() * spleenScale * scale, 0.36 * c.b() * spleenScale * scale, 0.7);
    }

    Ellipse stomach(double t) {
        double scale = capped(t, diaphragm + 10, diaphragm + 100, 30, 30);
        if (scale <= 0.1) {
            return null;
        }
        Ellipse c = cavity(t);
        return new Ellipse(0.3 * c.a(), -0.25 * c.b(), 0.27 * c.a() * scale, 0.28 * c.b() * scale, 0.3);
    }

    Ellipse kidney(double t, boolean right) {
        double top = right ? rightKidneyTop : leftKidneyTop;
        double scale = capped(t, top, top + kidneyLength, 35, 35);
        if (scale <= 0.1) {
            return null;
        }
        Ellipse vb = vertebralBody(t);
        double x = (vb.a() + 30 + 0.12 * cavity(t).a()) * (right ? -1 : 1);
        return new Ellipse(
                x, vb.cy() - 2, 30 * kidneyScale * scale, 22 * kidneyScale * scale, Math.toRadians(right ? -45 : 45));
    }

    Ellipse vertebralBody(double t) {
        double grow = smoothstep(t / 350);
        double a = 15 + 6 * grow;
        double b = 12 + 4 * grow;
        return new Ellipse(0, cavity(t).b() - b - 10, a, b, 0);
    }

    /** The aorta's lumen: ascending and descending in the chest, with the arch between them; abdominal below. */
    List<Ellipse> aorta(double t) {
        List<Ellipse> parts = new ArrayList<>(3);
        Ellipse vb = vertebralBody(t);
        Ellipse c = cavity(t);
        double descendingX = vb.a() * 0.7 + 6;
        double descendingY = vb.cy() - vb.b() - 10;
        if (t >= aorticArch) {
            double blend = smoothstep((t - diaphragm) / 60);
            double x = descendingX + (6 - descendingX) * blend;
            double y = descendingY + (vb.cy() - vb.b() - 13 - descendingY) * blend;
            parts.add(Ellipse.circle(x, y, 12.5 - 1.5 * blend));
        }
        double ascendingX = 0.05 * c.a();
        double ascendingY = -0.25 * c.b();
        if (t >= aorticArch && t <= heartTop + 40) {
            parts.add(Ellipse.circle(ascendingX, ascendingY, 15));
        }
        if (t >= aorticArch - 12 && t < aorticArch + 3) {
            double dx = descendingX - ascendingX;
            double dy = descendingY - ascendingY;
            parts.add(new Ellipse(
                    (ascendingX + descendingX) / 2,
                    (ascendingY + descendingY) / 2,
                    Math.hypot(dx, dy) / 2 + 13,
                    13,
                    Math.atan2(dy, dx)));
        }
        return parts;
    }

    /** Where abdominal lymph nodes gather: around the aorta below the diaphragm. */
    Ellipse abdominalAorta(double t) {
        if (t < diaphragm + 20) {
            return null;
        }
        List<Ellipse> parts = aorta(t);
        return parts.isEmpty() ? null : parts.get(0);
    }

    // ---- painting -------------------------------------------------------------------------------------------

    /** The regions of the slice at t, in painting order (later regions cover earlier ones). */
    List<Region> regionsAt(double t) {
        List<Region> out = new ArrayList<>(96);
        Ellipse body = body(t);
        Ellipse cavity = cavity(t);
        float fill = t < diaphragm + 20 ? CHEST_FILL : ABDOMEN_FILL;
        out.add(Region.fill(body, FAT, Tissue.FAT));
        out.add(Region.fill(new Ellipse(0, 0, body.a() - fat, body.b() - fat, 0), MUSCLE, Tissue.MUSCLE));
        out.add(Region.fill(cavity, fill, Tissue.CAVITY));
        Ellipse vb = vertebralBody(t);
        for (int side = -1; side <= 1; side += 2) {
            out.add(Region.fill(new Ellipse(side * 27, cavity.b() + 4, 20, 17, 0), MUSCLE + 5, Tissue.MUSCLE));
        }
        paintAbdomen(t, fill, vb, out);
        paintLungs(t, fill, out);
        paintMediastinum(t, out);
        paintLiver(t, out);
        paintVessels(t, vb, out);
        paintSpine(vb, out);
        paintRibs(t, cavity, out);
        return out;
    }

    private void paintLungs(double t, float fill, List<Region> out) {
        for (boolean right : new boolean[] {true, false}) {
            Ellipse lung = lung(t, right);
            if (lung != null) {
                out.add(Region.over(lung, LUNG, Tissue.LUNG, fill));
                for (Tube vessel : right ? rightLungVessels : leftLungVessels) {
                    Ellipse section = vessel.crossSection(t, lung);
                    if (section != null) {
                        out.add(Region.over(section, vessel.hu(), Tissue.LUNG_VESSEL, LUNG));
                    }
                }
            }
        }
    }

    private void paintMediastinum(double t, List<Region> out) {
        Ellipse mediastinum = mediastinum(t);
        if (mediastinum != null) {
            out.add(Region.fill(mediastinum, MEDIASTINAL_FAT, Tissue.MEDIASTINUM));
        }
        Ellipse heart = heart(t);
        if (heart != null) {
            out.add(Region.fill(heart, MYOCARDIUM, Tissue.HEART));
            out.add(Region.fill(heart.scaled(0.7), BLOOD - 10, Tissue.BLOOD));
        }
    }

    /** Painted after the lungs so that the dome of the liver rises into the base of the right lung. */
    private void paintLiver(double t, List<Region> out) {
        Ellipse liver = liver(t);
        if (liver != null) {
            out.add(Region.fill(liver, liverHu, Tissue.LIVER));
            for (Tube vessel : liverVessels) {
                Ellipse section = vessel.crossSection(t, liver);
                if (section != null) {
                    out.add(Region.over(section, vessel.hu(), Tissue.LIVER_VESSEL, liverHu));
                }
            }
        }
        Ellipse leftLobe = leftLiverLobe(t);
        if (leftLobe != null) {
            out.add(Region.fill(leftLobe, liverHu, Tissue.LIVER));
        }
    }

    private void paintAbdomen(double t, float fill, Ellipse vb, List<Region> out) {
        Ellipse cavity = cavity(t);
        for (Tube loop : bowelLoops) {
            Ellipse section =
                    loop.crossSection(t, new Ellipse(0, -0.25 * cavity.b(), 0.6 * cavity.a(), 0.45 * cavity.b(), 0));
            if (section != null) {
                out.add(Region.over(section, BOWEL, Tissue.BOWEL, fill));
                if (loop.gasCore()) {
                    out.add(Region.fill(section.scaled(0.6), GAS, Tissue.BOWEL));
                }
            }
        }
        if (t > rightKidneyTop + 30) {
            double r = 8 + 12 * Math.min(1, (t - rightKidneyTop - 30) / 120);
            for (int side = -1; side <= 1; side += 2) {
                out.add(Region.fill(Ellipse.circle(side * (vb.a() + 12), vb.cy() - 2, r), MUSCLE + 5, Tissue.MUSCLE));
            }
        }
        Ellipse stomach = stomach(t);
        if (stomach != null) {
            out.add(Region.fill(stomach, 30, Tissue.STOMACH));
            out.add(Region.fill(
                    new Ellipse(
                            stomach.cx(),
                            stomach.cy() - 0.6 * stomach.b(),
                            0.6 * stomach.a(),
                            0.3 * stomach.b(),
                            stomach.angle()),
                    GAS,
                    Tissue.STOMACH));
        }
        Ellipse spleen = spleen(t);
        if (spleen != null) {
            out.add(Region.fill(spleen, SPLEEN, Tissue.SPLEEN));
        }
        for (boolean right : new boolean[] {true, false}) {
            Ellipse kidney = kidney(t, right);
            if (kidney != null) {
                out.add(Region.fill(kidney, KIDNEY_CORTEX, Tissue.KIDNEY));
                if (kidney.b() > 0.6 * 22 * kidneyScale) {
                    double medial = right ? 1 : -1;
                    out.add(Region.fill(
                            new Ellipse(
                                    kidney.cx() + medial * 0.3 * kidney.a() * Math.cos(kidney.angle()),
                                    kidney.cy() + medial * 0.3 * kidney.a() * Math.sin(kidney.angle()),
                                    0.4 * kidney.a(),
                                    0.4 * kidney.b(),
                                    kidney.angle()),
                            KIDNEY_SINUS_FAT,
                            Tissue.KIDNEY_SINUS));
                }
            }
        }
    }

    private void paintVessels(double t, Ellipse vb, List<Region> out) {
        for (Ellipse part : aorta(t)) {
            out.add(Region.fill(part, BLOOD, Tissue.BLOOD));
        }
        if (t >= diaphragm - 10) {
            out.add(Region.fill(Ellipse.circle(-24, vb.cy() - vb.b() - 12, 11), VENOUS_BLOOD, Tissue.BLOOD));
        }
        if (t < diaphragm + 30) {
            out.add(Region.fill(Ellipse.circle(-4, vb.cy() - vb.b() - 9, 6), MUSCLE, Tissue.ESOPHAGUS));
        }
        if (t < carina) {
            Ellipse trachea = Ellipse.circle(0, vb.cy() - vb.b() - 27, 10);
            out.add(Region.fill(trachea, MUSCLE, Tissue.AIRWAY));
            out.add(Region.fill(trachea.scaled(0.8), AIR, Tissue.AIRWAY));
        }
    }

    private static void paintSpine(Ellipse vb, List<Region> out) {
        out.add(Region.fill(vb, CORTICAL_BONE, Tissue.CORTICAL_BONE));
        out.add(Region.fill(vb.shrunk(2.5), CANCELLOUS_BONE, Tissue.CANCELLOUS_BONE));
        double canalY = vb.cy() + vb.b() + 9;
        out.add(Region.fill(Ellipse.circle(0, canalY, 12), CORTICAL_BONE - 200, Tissue.CORTICAL_BONE));
        out.add(Region.fill(Ellipse.circle(0, canalY, 8), CSF, Tissue.SPINAL_CANAL));
        out.add(Region.fill(new Ellipse(0, canalY + 22, 4, 11, 0), CORTICAL_BONE - 200, Tissue.CORTICAL_BONE));
    }

    /**
     * Each rib runs from beside the spine around the body wall towards the front while descending, so a slice
     * cuts each rib at the angle where the rib passes its t.
     */
    private void paintRibs(double t, Ellipse cavity, List<Region> out) {
        double rx = cavity.a() + 0.45 * muscle;
        double ry = cavity.b() + 0.45 * muscle;
        for (int j = 0; j < RIBS; j++) {
            double sweep = Math.toRadians(j < 9 ? 140 : 90);
            double psi = (t - (ribStart + j * ribSpacing)) / ribDescent * sweep;
            if (psi < 0 || psi > sweep) {
                continue;
            }
            for (int side = -1; side <= 1; side += 2) {
                double phi = side < 0 ? Math.toRadians(105) + psi : Math.toRadians(75) - psi;
                double x = rx * Math.cos(phi);
                double y = ry * Math.sin(phi);
                double tangent = Math.atan2(ry * Math.cos(phi), -rx * Math.sin(phi));
                Ellipse rib = new Ellipse(x, y, 7, 3.5, tangent);
                out.add(Region.fill(rib, CORTICAL_BONE - 100, Tissue.CORTICAL_BONE));
                out.add(Region.fill(rib.shrunk(1.5), CANCELLOUS_BONE + 50, Tissue.CANCELLOUS_BONE));
            }
        }
    }

    /** The tissue painted last at (x, y) among the regions, honouring masks as the painter does. */
    static Tissue tissueAt(List<Region> regions, double x, double y) {
        Tissue tissue = Tissue.AIR;
        float value = AIR;
        for (Region region : regions) {
            if (region.shape().contains(x, y) && value >= region.maskLow() && value <= region.maskHigh()) {
                tissue = region.tissue();
                value = region.hu();
            }
        }
        return tissue;
    }

    /**
     * An organ's size factor along t: 0 outside (start, end), rising over {@code topCap} and falling over
     * {@code bottomCap} millimetres like the cap of an ellipsoid, 1 in between.
     */
    private static double capped(double t, double start, double end, double topCap, double bottomCap) {
        if (t <= start || t >= end) {
            return 0;
        }
        double cap;
        double depth;
        if (t - start < end - t) {
            cap = Math.min(topCap, (end - start) / 2);
            depth = t - start;
        } else {
            cap = Math.min(bottomCap, (end - start) / 2);
            depth = end - t;
        }
        if (depth >= cap) {
            return 1;
        }
        double x = 1 - depth / cap;
        return Math.sqrt(1 - x * x);
    }

    private static double smoothstep(double x) {
        double c = Math.max(0, Math.min(1, x));
        return c * c * (3 - 2 * c);
    }
}
