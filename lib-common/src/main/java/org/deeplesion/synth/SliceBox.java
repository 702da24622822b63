package org.deeplesion.synth;

import org.deeplesion.recist.BoundingBox;

/**
 * The tight box of a lesion on one slice: the extent of the pixels whose centres lie inside its cross-section.
 *
 * @param sliceIndex 0-based position of the slice in its series
 */
public record SliceBox(int sliceIndex, String sopInstanceUid, BoundingBox box) {}
