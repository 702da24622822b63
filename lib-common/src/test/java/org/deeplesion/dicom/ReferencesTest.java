package org.deeplesion.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReferencesTest {

    private static DicomDataset image(DicomDataset parent, String sop) {
        return parent.newItem().putString(Tag.ReferencedSOPInstanceUID, Vr.UI, sop);
    }

    @Test
    void findsTheImagesAPresentationStateRefersToThroughItsSeries() {
        DicomDataset ps = new DicomDataset();
        DicomDataset series = ps.newItem();
        series.putSequence(Tag.ReferencedImageSequence, List.of(image(series, "1.2.3"), image(series, "1.2.4")));
        ps.putSequence(Tag.ReferencedSeriesSequence, List.of(series));

        assertThat(References.sopInstanceUids(ps)).containsExactly("1.2.3", "1.2.4");
    }

    @Test
    void findsEachReferenceOnceWhereverItIsNested() {
        DicomDataset sr = new DicomDataset();
        DicomDataset content = sr.newItem();
        content.putSequence(0x0008_1199, List.of(image(content, "9.8"), image(content, "9.8")));
        sr.putSequence(0x0040_A730, List.of(content));

        assertThat(References.sopInstanceUids(sr)).containsExactly("9.8");
    }

    @Test
    void anObjectWithoutReferencesHasNone() {
        assertThat(References.sopInstanceUids(new DicomDataset().putString(Tag.SOPInstanceUID, Vr.UI, "1")))
                .isEmpty();
    }
}
