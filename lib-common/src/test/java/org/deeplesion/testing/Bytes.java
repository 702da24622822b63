package org.deeplesion.testing;

/** Byte-pattern search for tests that patch or inspect encoded files. */
public final class Bytes {

    private Bytes() {}

    /** The first index of needle in haystack, or -1. */
    public static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Like {@link #indexOf} for a pattern the test knows is there. */
    public static int find(byte[] haystack, byte[] needle) {
        int at = indexOf(haystack, needle);
        if (at < 0) {
            throw new AssertionError("pattern not found");
        }
        return at;
    }
}
