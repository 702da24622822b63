package org.deeplesion.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectorManifestTest {

    private static DetectorManifest trained(String modelId, String classes, List<String> classNames) {
        return new DetectorManifest(modelId, classes, classNames, null, null, null, null, 1, 1, 10, 10, 7, Map.of());
    }

    @Test
    void aModelIsLabelledByItsClassesAndTheStartOfItsRunsUuid() {
        List<String> five = List.of("cluster-0", "cluster-1", "cluster-2", "cluster-3", "cluster-4");

        assertThat(trained("train-3f2a9c1b-5d4e-4f60-8a7b-0c1d2e3f4a5b", TrainOptions.PSEUDO, five)
                        .label())
                .isEqualTo("pseudo labels (k=5) [3f2a9c1b]");
        assertThat(trained("train-0c1d2e3f-5d4e-4f60-8a7b-0c1d2e3f4a5b", TrainOptions.SINGLE, List.of("lesion"))
                        .label())
                .isEqualTo("single class [0c1d2e3f]");
    }

    @Test
    void anIdWithoutAUuidIsShownWhole() {
        assertThat(DetectorManifest.shortId("constructed-detector")).isEqualTo("constructed-detector");
    }
}
