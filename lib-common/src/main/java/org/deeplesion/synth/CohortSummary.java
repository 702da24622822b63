package org.deeplesion.synth;

/** What one generation produced. */
public record CohortSummary(
        int patients, int studies, int series, int slices, int lesions, int bookmarkedLesions, int filesWritten) {}
