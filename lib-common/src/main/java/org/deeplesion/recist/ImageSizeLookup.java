package org.deeplesion.recist;

import java.util.Optional;

/**
 * The size of an image named by its SOP Instance UID, for annotations whose coordinates are fractions of the
 * displayed image. Typically backed by the ingested slices' headers.
 */
@FunctionalInterface
public interface ImageSizeLookup {

    /** Empty when the image is unknown. */
    Optional<ImageSize> size(String sopInstanceUid);
}
