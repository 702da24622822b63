package org.deeplesion.synth;

/** What a generated cohort is written as, besides truth.json which is always written. */
public enum OutputFormat {
    /** CT slices and RECIST presentation states as DICOM Part 10 files, as a PACS export holds them. */
    DICOM,
    /** 16-bit PNG slices and DL_info.csv, laid out like the public DeepLesion release. */
    DEEPLESION
}
