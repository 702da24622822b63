package org.deeplesion.jobs.mine;

import org.deeplesion.recist.RecistMeasurement;
import org.deeplesion.recist.Split;

/**
 * A RECIST measurement as a source states it, before it is checked against the image it names.
 *
 * @param sourceKind gsps, deeplesion_csv or measurements_csv
 * @param source the file (and line, for CSV rows) it comes from, for rejects and provenance
 * @param frameIndex 0-based
 * @param split the split the source assigns, or null to assign one per patient
 */
record Measured(
        String sourceKind,
        String source,
        String sopInstanceUid,
        int frameIndex,
        RecistMeasurement recist,
        String label,
        Integer coarseType,
        Boolean possiblyNoisy,
        Integer sliceRangeFirst,
        Integer sliceRangeLast,
        Split split) {}
