package org.deeplesion.synth;

import java.util.List;

/**
 * One CT series as written, with the presentation state series that holds its bookmarks.
 *
 * @param firstSliceZMm patient z of slice 0; slice k lies at {@code firstSliceZMm - k * sliceIntervalMm}
 * @param sopInstanceUids of the slices, by 0-based slice index
 * @param presentationStateFiles the PR files' names in the study's PR folder, in bookmark order
 */
public record SeriesTruth(
        int seriesIndex,
        String seriesInstanceUid,
        String frameOfReferenceUid,
        String manufacturer,
        String modelName,
        PixelEncoding pixelEncoding,
        int rows,
        int columns,
        double pixelSpacingMm,
        double sliceIntervalMm,
        int sliceCount,
        double firstSliceZMm,
        double windowCenter,
        double windowWidth,
        List<String> sopInstanceUids,
        String presentationSeriesInstanceUid,
        List<String> presentationStateFiles) {

    public SeriesTruth {
        sopInstanceUids = List.copyOf(sopInstanceUids);
        presentationStateFiles = List.copyOf(presentationStateFiles);
    }
}
