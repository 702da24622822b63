package org.deeplesion.dicom;

import java.util.Map;

/** The SOP classes the pipeline distinguishes (PS3.4 B.5). */
public final class SopClass {

    public static final String CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2";
    public static final String ENHANCED_CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2.1";
    public static final String GRAYSCALE_SOFTCOPY_PRESENTATION_STATE = "1.2.840.10008.5.1.4.1.1.11.1";
    public static final String BASIC_TEXT_SR = "1.2.840.10008.5.1.4.1.1.88.11";
    public static final String ENHANCED_SR = "1.2.840.10008.5.1.4.1.1.88.22";
    public static final String COMPREHENSIVE_SR = "1.2.840.10008.5.1.4.1.1.88.33";
    public static final String COMPREHENSIVE_3D_SR = "1.2.840.10008.5.1.4.1.1.88.34";
    public static final String KEY_OBJECT_SELECTION = "1.2.840.10008.5.1.4.1.1.88.59";
    public static final String MEDIA_STORAGE_DIRECTORY = "1.2.840.10008.1.3.10";

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry(CT_IMAGE, "CT Image Storage"),
            Map.entry(ENHANCED_CT_IMAGE, "Enhanced CT Image Storage"),
            Map.entry("1.2.840.10008.5.1.4.1.1.2.2", "Legacy Converted Enhanced CT Image Storage"),
            Map.entry("1.2.840.10008.5.1.4.1.1.4", "MR Image Storage"),
            Map.entry("1.2.840.10008.5.1.4.1.1.7", "Secondary Capture Image Storage"),
            Map.entry("1.2.840.10008.5.1.4.1.1.128", "PET Image Storage"),
            Map.entry("1.2.840.10008.5.1.4.1.1.1", "Computed Radiography Image Storage"),
            Map.entry("1.2.840.10008.5.1.4.1.1.1.1", "Digital X-Ray Image Storage - For Presentation"),
            Map.entry("1.2.840.10008.5.1.4.1.1.6.1", "Ultrasound Image Storage"),
            Map.entry("1.2.840.10008.5.1.4.1.1.481.3", "RT Structure Set Storage"),
            Map.entry(GRAYSCALE_SOFTCOPY_PRESENTATION_STATE, "Grayscale Softcopy Presentation State Storage"),
            Map.entry(BASIC_TEXT_SR, "Basic Text SR Storage"),
            Map.entry(ENHANCED_SR, "Enhanced SR Storage"),
            Map.entry(COMPREHENSIVE_SR, "Comprehensive SR Storage"),
            Map.entry(COMPREHENSIVE_3D_SR, "Comprehensive 3D SR Storage"),
            Map.entry(KEY_OBJECT_SELECTION, "Key Object Selection Document Storage"),
            Map.entry(MEDIA_STORAGE_DIRECTORY, "Media Storage Directory Storage (DICOMDIR)"));

    private SopClass() {}

    /** A readable name for messages, or the UID itself when unknown. */
    public static String name(String uid) {
        return uid == null ? "(no SOP class)" : NAMES.getOrDefault(uid, uid);
    }

    /** Objects that carry measurements or references to images: presentation states and structured reports. */
    public static boolean isAnnotation(String uid) {
        return GRAYSCALE_SOFTCOPY_PRESENTATION_STATE.equals(uid)
                || BASIC_TEXT_SR.equals(uid)
                || ENHANCED_SR.equals(uid)
                || COMPREHENSIVE_SR.equals(uid)
                || COMPREHENSIVE_3D_SR.equals(uid)
                || KEY_OBJECT_SELECTION.equals(uid);
    }
}
