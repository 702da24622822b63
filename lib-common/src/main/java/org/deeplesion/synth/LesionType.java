package org.deeplesion.synth;

import org.deeplesion.release.CoarseLesionType;

/**
 * The kinds of lesion the generator places, each where, as large and as dense as its DeepLesion counterpart.
 * Lymph nodes are mediastinal in the chest and abdominal below the diaphragm, which decides their coarse type.
 */
public enum LesionType {
    LUNG_NODULE(5, 30, 10, 30, 0.7, 0.25),
    LIVER_LESION(10, 60, 10, 30, 0.65, 0.18),
    LYMPH_NODE(8, 30, 35, 45, 0.5, 0.28),
    KIDNEY_LESION(10, 50, 0, 15, 0.75, 0.08),
    BONE_LESION(10, 40, 130, 170, 0.7, 0.07),
    SOFT_TISSUE_MASS(20, 80, 30, 40, 0.55, 0.14);

    private final DoubleRange diameterMm;
    private final DoubleRange hu;
    private final double minAspect;
    private final double weight;

    LesionType(double minDiameter, double maxDiameter, double minHu, double maxHu, double minAspect, double weight) {
        this.diameterMm = DoubleRange.of(minDiameter, maxDiameter);
        this.hu = DoubleRange.of(minHu, maxHu);
        this.minAspect = minAspect;
        this.weight = weight;
    }

    /** The range of the longest diameter. */
    public DoubleRange diameterMm() {
        return diameterMm;
    }

    /** The range of the lesion's mean density. */
    public DoubleRange hu() {
        return hu;
    }

    /** The smallest ratio of short to long in-plane semi-axis. */
    double minAspect() {
        return minAspect;
    }

    /** How often this type is drawn, roughly DeepLesion's mix. */
    double weight() {
        return weight;
    }

    /** DeepLesion's coarse type of a lesion of this kind, in the chest or not. */
    public CoarseLesionType coarseType(boolean inChest) {
        return switch (this) {
            case LUNG_NODULE -> CoarseLesionType.LUNG;
            case LIVER_LESION -> CoarseLesionType.LIVER;
            case LYMPH_NODE -> inChest ? CoarseLesionType.MEDIASTINUM : CoarseLesionType.ABDOMEN;
            case KIDNEY_LESION -> CoarseLesionType.KIDNEY;
            case BONE_LESION -> CoarseLesionType.BONE;
            case SOFT_TISSUE_MASS -> CoarseLesionType.SOFT_TISSUE;
        };
    }
}
