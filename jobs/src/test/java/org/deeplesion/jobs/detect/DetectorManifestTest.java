package org.deeplesion.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.deeplesion.detect.DetectorSettings;
import org.junit.jupiter.api.Test;

class DetectorManifestTest {

    private static DetectorManifest trained(String modelId, String classes, List<String> classNames) {
        return new DetectorManifest(
                modelId, classes, classNames, null, null, null, null, 1, 1, 10, 10, 7, Map.of(), null);
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
    void settingsWrittenBeforeFlipExistedReadAsFlipOffAndADetectRunMayOverrideIt() throws Exception {
        DetectorSettings old = new ObjectMapper()
                .readValue(
                        "{\"proposals\": 48, \"proposalNmsIou\": 0.7, \"detectionNmsIou\": 0.3, \"maxDetections\": 32}",
                        DetectorSettings.class);

        assertThat(old).isEqualTo(new DetectorSettings(48, 0.7, 0.3, 32, false));
        assertThat(new DetectOptions("lake", "m", "test").settings(old)).isEqualTo(old);
        assertThat(new DetectOptions("lake", "m", "test", false, true).settings(old))
                .isEqualTo(old.withFlip(true));
        assertThat(new DetectOptions("lake", "m", "test", false, false)
                        .settings(DetectorSettings.defaults())
                        .flip())
                .isFalse();
    }

    @Test
    void anIdWithoutAUuidIsShownWhole() {
        assertThat(DetectorManifest.shortId("constructed-detector")).isEqualTo("constructed-detector");
    }
}
