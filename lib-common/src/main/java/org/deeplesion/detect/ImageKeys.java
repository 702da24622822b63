package org.deeplesion.detect;

/** The key that names an image in detections and truth: any non-blank string, e.g. a SOP Instance UID. */
public final class ImageKeys {

    private ImageKeys() {}

    /** @throws IllegalArgumentException for a null or blank key */
    public static void check(String imageKey) {
        if (imageKey == null || imageKey.isBlank()) {
            throw new IllegalArgumentException(
                    "image key must be a non-blank string, was " + (imageKey == null ? "null" : "'" + imageKey + "'"));
        }
    }
}
