package org.deeplesion.synth;

import static java.util.Objects.requireNonNull;

import java.util.EnumSet;
import java.util.Set;
import org.deeplesion.dicom.TransferSyntax;

/**
 * What synthetic cohort to generate. Start from {@link #defaults(int, long)} and adjust with the withers; every
 * combination is checked when it is built.
 *
 * @param patients number of patients, each with 1 to 3 studies of one CT series
 * @param seed the only source of variation: the same spec always gives the same bytes
 * @param rows image rows of every slice
 * @param columns image columns of every slice
 * @param studiesPerPatient studies per patient, months apart
 * @param slicesPerSeries contiguous axial slices per series; at least 3 so every key slice has neighbours
 * @param pixelSpacingMm in-plane spacing; within this range the generator picks a field of view that fits the body
 * @param sliceIntervalMm slice interval, also the slice thickness
 * @param lesionsPerSeries lesions placed in each series (fewer when the anatomy in range has no room)
 * @param unbookmarkedShare probability that a lesion gets no RECIST bookmark, like lesions a reader did not measure
 * @param noiseSigmaHu standard deviation of the gaussian image noise
 * @param edgeBlur whether to soften edges as the scanner's point spread does
 * @param transferSyntax how DICOM files are encoded
 */
public record CohortSpec(
        int patients,
        long seed,
        int rows,
        int columns,
        IntRange studiesPerPatient,
        IntRange slicesPerSeries,
        DoubleRange pixelSpacingMm,
        DoubleRange sliceIntervalMm,
        IntRange lesionsPerSeries,
        double unbookmarkedShare,
        double noiseSigmaHu,
        boolean edgeBlur,
        TransferSyntax transferSyntax) {

    public CohortSpec {
        requireNonNull(studiesPerPatient, "studiesPerPatient");
        requireNonNull(slicesPerSeries, "slicesPerSeries");
        requireNonNull(pixelSpacingMm, "pixelSpacingMm");
        requireNonNull(sliceIntervalMm, "sliceIntervalMm");
        requireNonNull(lesionsPerSeries, "lesionsPerSeries");
        requireNonNull(transferSyntax, "transferSyntax");
        if (patients < 1 || patients > 999_999) {
            throw new IllegalArgumentException(
                    "patients must be in 1..999999 (DeepLesion numbers them with six " + "digits), was " + patients);
        }
        if (rows < 16 || columns < 16 || rows > 4096 || columns > 4096) {
            throw new IllegalArgumentException(
                    "image size must be within 16..4096 in both directions, was " + rows + " x " + columns);
        }
        if (studiesPerPatient.min() < 1 || studiesPerPatient.max() > 99) {
            throw new IllegalArgumentException("studies per patient must be within 1..99, was " + studiesPerPatient);
        }
        if (slicesPerSeries.min() < 3 || slicesPerSeries.max() > 999) {
            throw new IllegalArgumentException("slices per series must be within 3..999 so every key slice has "
                    + "neighbours, was " + slicesPerSeries);
        }
        if (pixelSpacingMm.min() <= 0) {
            throw new IllegalArgumentException("pixel spacing must be positive, was " + pixelSpacingMm);
        }
        if (sliceIntervalMm.min() <= 0) {
            throw new IllegalArgumentException("slice interval must be positive, was " + sliceIntervalMm);
        }
        if (lesionsPerSeries.min() < 0) {
            throw new IllegalArgumentException("lesions per series must be >= 0, was " + lesionsPerSeries);
        }
        if (!(unbookmarkedShare >= 0 && unbookmarkedShare <= 1)) {
            throw new IllegalArgumentException("unbookmarked share must be within 0..1, was " + unbookmarkedShare);
        }
        if (!(noiseSigmaHu >= 0 && noiseSigmaHu <= 200)) {
            throw new IllegalArgumentException("noise sigma must be within 0..200 HU, was " + noiseSigmaHu);
        }
        if (!WRITABLE.contains(transferSyntax)) {
            throw new IllegalArgumentException("synthetic CT slices are written in Explicit VR Little Endian, JPEG "
                    + "Lossless (SV1) or RLE Lossless, not " + transferSyntax.displayName());
        }
    }

    /** The transfer syntaxes CT slices can be written in. */
    public static final Set<TransferSyntax> WRITABLE = EnumSet.of(
            TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.JPEG_LOSSLESS_SV1, TransferSyntax.RLE_LOSSLESS);

    /** 512 x 512 slices, 24..48 per series, the spacings of clinical CT, 1..5 lesions per series, 20% unmeasured. */
    public static CohortSpec defaults(int patients, long seed) {
        return new CohortSpec(
                patients,
                seed,
                512,
                512,
                IntRange.of(1, 3),
                IntRange.of(24, 48),
                DoubleRange.of(0.6, 0.95),
                DoubleRange.of(1, 5),
                IntRange.of(1, 5),
                0.2,
                12,
                true,
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }

    public CohortSpec withPatients(int patients) {
        return new CohortSpec(
                patients,
                seed,
                rows,
                columns,
                studiesPerPatient,
                slicesPerSeries,
                pixelSpacingMm,
                sliceIntervalMm,
                lesionsPerSeries,
                unbookmarkedShare,
                noiseSigmaHu,
                edgeBlur,
                transferSyntax);
    }

    public CohortSpec withSeed(long seed) {
        return new CohortSpec(
                patients,
                seed,
                rows,
                columns,
                studiesPerPatient,
                slicesPerSeries,
                pixelSpacingMm,
                sliceIntervalMm,
                lesionsPerSeries,
                unbookmarkedShare,
                noiseSigmaHu,
                edgeBlur,
                transferSyntax);
    }

    public CohortSpec withImageSize(int rows, int columns) {
        return new CohortSpec(
                patients,
                seed,
                rows,
                columns,
                studiesPerPatient,
                slicesPerSeries,
                pixelSpacingMm,
                sliceIntervalMm,
                lesionsPerSeries,
                unbookmarkedShare,
                noiseSigmaHu,
                edgeBlur,
                transferSyntax);
    }

    public CohortSpec withStudiesPerPatient(int min, int max) {
        return new CohortSpec(
                patients,
                seed,
                rows,
                columns,
                IntRange.of(min, max),
                slicesPerSeries,
                pixelSpacingMm,
                sliceIntervalMm,
                lesionsPerSeries,
                unbookmarkedShare,
                noiseSigmaHu,
                edgeBlur,
                transferSyntax);
    }

    public CohortSpec withSlicesPerSeries(int min, int max) {
        return new CohortSpec(
                patients,
                seed,
                rows,
                columns,
                studiesPerPatient,
                IntRange.of(min, max),
                pixelSpacingMm,
                sliceIntervalMm,
                lesionsPerSeries,
                unbookmarkedShare,
                noiseSigmaHu,
                edgeBlur,
                transferSyntax);
    }

    public CohortSpec withPixelSpacingMm(double min, double max) {
        return new CohortSpec(
                patients,
                seed,
                rows,
                columns,
                studiesPerPatient,
                slicesPerSeries,
                DoubleRange.of(min, max),
                sliceIntervalMm,
                lesionsPerSeries,
                unbookmarkedShare,
                noiseSigmaHu,
                edgeBlur,
                transferSyntax);
    }

    public CohortSpec withSliceIntervalMm(double min, double max) {
        return new CohortSpec(
                patients,
                seed,
                rows,
                columns,
                studiesPerPatient,
                slicesPerSeries,
                pixelSpacingMm,
                DoubleRange.of(min, max),
                lesionsPerSeries,
                unbookmarkedShare,
                noiseSigmaHu,
                edgeBlur,
                transferSyntax);
    }

    public CohortSpec withLesionsPerSeries(int min, int max) {
        return new CohortSpec(
                patients,
                seed,
                rows,
                columns,
                studiesPerPatient,
                slicesPerSeries,
                pixelSpacingMm,
                sliceIntervalMm,
                IntRange.of(min, max),
                unbookmarkedShare,
                noiseSigmaHu,
                edgeBlur,
                transferSyntax);
    }

    public CohortSpec withUnbookmarkedShare(double share) {
        return new CohortSpec(
                patients,
                seed,
                rows,
                columns,
                studiesPerPatient,
                slicesPerSeries,
                pixelSpacingMm,
                sliceIntervalMm,
                lesionsPerSeries,
                share,
                noiseSigmaHu,
                edgeBlur,
                transferSyntax);
    }

    public CohortSpec withNoiseSigmaHu(double sigma) {
        return new CohortSpec(
                patients,
                seed,
                rows,
                columns,
                studiesPerPatient,
                slicesPerSeries,
                pixelSpacingMm,
                sliceIntervalMm,
                lesionsPerSeries,
                unbookmarkedShare,
                sigma,
                edgeBlur,
                transferSyntax);
    }

    public CohortSpec withEdgeBlur(boolean blur) {
        return new CohortSpec(
                patients,
                seed,
                rows,
                columns,
                studiesPerPatient,
                slicesPerSeries,
                pixelSpacingMm,
                sliceIntervalMm,
                lesionsPerSeries,
                unbookmarkedShare,
                noiseSigmaHu,
                blur,
                transferSyntax);
    }

    public CohortSpec withTransferSyntax(TransferSyntax syntax) {
        return new CohortSpec(
                patients,
                seed,
                rows,
                columns,
                studiesPerPatient,
                slicesPerSeries,
                pixelSpacingMm,
                sliceIntervalMm,
                lesionsPerSeries,
                unbookmarkedShare,
                noiseSigmaHu,
                edgeBlur,
                syntax);
    }
}
