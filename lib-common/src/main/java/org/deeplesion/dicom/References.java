package org.deeplesion.dicom;

import java.util.LinkedHashSet;
import java.util.Set;

/** The instances a presentation state, structured report or key object selection refers to. */
public final class References {

    /** Nesting deeper than this is not followed: real objects nest a few levels, a crafted one could recurse on. */
    private static final int MAX_DEPTH = 16;

    private References() {}

    /** Every Referenced SOP Instance UID anywhere in the object (presentation state references, SR content). */
    public static Set<String> sopInstanceUids(DicomDataset ds) {
        Set<String> out = new LinkedHashSet<>();
        collect(ds, out, 0);
        return out;
    }

    private static void collect(DicomDataset ds, Set<String> out, int depth) {
        String ref = ds.string(Tag.ReferencedSOPInstanceUID);
        if (ref != null && !ref.isEmpty()) {
            out.add(ref);
        }
        if (depth > MAX_DEPTH) {
            return;
        }
        for (var element : ds.elements()) {
            if (element.isSequence()) {
                for (DicomDataset item : element.items()) {
                    collect(item, out, depth + 1);
                }
            }
        }
    }
}
