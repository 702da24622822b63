package org.deeplesion.dicom;

import java.util.Map;

/** The transfer syntaxes this library reads and writes (PS3.5 A and PS3.6 A). */
public enum TransferSyntax {
    IMPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, false, Compression.NONE),
    EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, false, Compression.NONE),
    DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN(
            "1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, false, true, Compression.NONE),
    EXPLICIT_VR_BIG_ENDIAN("1.2.840.10008.1.2.2", "Explicit VR Big Endian", true, true, false, Compression.NONE),
    JPEG_BASELINE("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", true, false, false, Compression.JPEG),
    JPEG_EXTENDED("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)", true, false, false, Compression.JPEG),
    JPEG_LOSSLESS(
            "1.2.840.10008.1.2.4.57",
            "JPEG Lossless, Non-Hierarchical (Process 14)",
            true,
            false,
            false,
            Compression.JPEG),
    JPEG_LOSSLESS_SV1(
            "1.2.840.10008.1.2.4.70",
            "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])",
            true,
            false,
            false,
            Compression.JPEG),
    JPEG_2000_LOSSLESS(
            "1.2.840.10008.1.2.4.90",
            "JPEG 2000 Image Compression (Lossless Only)",
            true,
            false,
            false,
            Compression.JPEG_2000),
    JPEG_2000("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression", true, false, false, Compression.JPEG_2000),
    RLE_LOSSLESS("1.2.840.10008.1.2.5", "RLE Lossless", true, false, false, Compression.RLE);

    /** How the pixel data of a transfer syntax is encoded. */
    public enum Compression {
        NONE,
        JPEG,
        JPEG_2000,
        RLE
    }

    private final String uid;
    private final String displayName;
    private final boolean explicitVr;
    private final boolean bigEndian;
    private final boolean deflated;
    private final Compression compression;

    TransferSyntax(
            String uid,
            String displayName,
            boolean explicitVr,
            boolean bigEndian,
            boolean deflated,
            Compression compression) {
        this.uid = uid;
        this.displayName = displayName;
        this.explicitVr = explicitVr;
        this.bigEndian = bigEndian;
        this.deflated = deflated;
        this.compression = compression;
    }

    public String uid() {
        return uid;
    }

    public String displayName() {
        return displayName;
    }

    public boolean explicitVr() {
        return explicitVr;
    }

    public boolean bigEndian() {
        return bigEndian;
    }

    public boolean deflated() {
        return deflated;
    }

    public Compression compression() {
        return compression;
    }

    /** Whether pixel data is stored as encapsulated fragments rather than native samples. */
    public boolean encapsulated() {
        return compression != Compression.NONE;
    }

    /** Transfer syntaxes seen in archives that this library refuses, by name, so the refusal is understandable. */
    private static final Map<String, String> UNSUPPORTED = Map.ofEntries(
            Map.entry("1.2.840.10008.1.2.4.52", "JPEG Extended (Process 3 & 5, retired)"),
            Map.entry("1.2.840.10008.1.2.4.53", "JPEG Spectral Selection, Non-Hierarchical (retired)"),
            Map.entry("1.2.840.10008.1.2.4.55", "JPEG Full Progression, Non-Hierarchical (retired)"),
            Map.entry("1.2.840.10008.1.2.4.58", "JPEG Lossless, Non-Hierarchical (Process 15, retired)"),
            Map.entry("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless"),
            Map.entry("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless)"),
            Map.entry("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component (Lossless Only)"),
            Map.entry("1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component"),
            Map.entry("1.2.840.10008.1.2.4.94", "JPIP Referenced"),
            Map.entry("1.2.840.10008.1.2.4.95", "JPIP Referenced Deflate"),
            Map.entry("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level"),
            Map.entry("1.2.840.10008.1.2.4.101", "MPEG2 Main Profile / High Level"),
            Map.entry("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1"),
            Map.entry("1.2.840.10008.1.2.4.103", "MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1"),
            Map.entry("1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile / Level 5.1"),
            Map.entry("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 (Lossless Only)"),
            Map.entry("1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options (Lossless Only)"),
            Map.entry("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000"),
            Map.entry("1.2.840.10008.1.2.6.1", "RFC 2557 MIME encapsulation (retired)"));

    /**
     * Looks up a transfer syntax by UID.
     *
     * @throws IllegalArgumentException naming the syntax when it is known but unsupported, or unknown
     */
    public static TransferSyntax ofUid(String uid) {
        String trimmed = uid == null ? "" : uid.trim();
        for (TransferSyntax ts : values()) {
            if (ts.uid.equals(trimmed)) {
                return ts;
            }
        }
        String name = UNSUPPORTED.get(trimmed);
        throw new IllegalArgumentException(
                name != null
                        ? "unsupported transfer syntax " + name + " (" + trimmed + ")"
                        : "unknown transfer syntax '" + trimmed + "'");
    }
}
