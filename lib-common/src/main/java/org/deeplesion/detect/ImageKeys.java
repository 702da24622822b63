package org.deeplesion.detect;

final class ImageKeys {

    private ImageKeys() {
    }

    static void check(String imageKey) {
        if (imageKey == null || imageKey.isBlank()) {
            throw new IllegalArgumentException("image key must be a non-blank string, was "
                    + (imageKey == null ? "null" : "'" + imageKey + "'"));
        }
    }
}
