package org.deeplesion.ct;

/** What a slice's header tells of its place in the series: position along the normal, instance number, identity. */
public interface SlicePlace {

    /** {@link SliceHeader#normalPosition()}, mm. */
    double positionMm();

    /** Instance Number (0020,0013), or null when the header has none. */
    Integer instanceNumber();

    String sopInstanceUid();

    /** 0-based frame of a multi-frame instance; 0 for a single frame. */
    int frameIndex();
}
