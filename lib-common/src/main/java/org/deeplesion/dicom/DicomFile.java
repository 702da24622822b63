package org.deeplesion.dicom;

import static java.util.Objects.requireNonNull;

/**
 * A parsed DICOM Part 10 file (or a bare data set without file meta information).
 *
 * @param source the name used in error messages: a path or URI
 * @param fileMeta group 0002, empty when the file had none
 */
public record DicomFile(String source, DicomDataset fileMeta, DicomDataset dataset, TransferSyntax transferSyntax) {

    public DicomFile {
        requireNonNull(source, "source");
        requireNonNull(fileMeta, "fileMeta");
        requireNonNull(dataset, "dataset");
        requireNonNull(transferSyntax, "transferSyntax");
    }

    public String sopClassUid() {
        return dataset.string(Tag.SOPClassUID, fileMeta.string(Tag.MediaStorageSOPClassUID));
    }

    public String sopInstanceUid() {
        return dataset.string(Tag.SOPInstanceUID, fileMeta.string(Tag.MediaStorageSOPInstanceUID));
    }
}
