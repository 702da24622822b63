package org.deeplesion.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.deeplesion.detect.DetectorGeometry;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class TrainArgumentsTest {

    @Command(name = "train")
    static final class Train {
        @Mixin
        TrainArguments training;
    }

    private static TrainArguments parse(String... args) {
        Train train = new Train();
        new CommandLine(train).parseArgs(args);
        return train.training;
    }

    @Test
    void withoutOptionsTheGeometryIsTheDetectorDefaults() {
        assertThat(parse().geometry()).isEqualTo(DetectorGeometry.defaults());
    }

    @Test
    void theSliceIntervalPlacesTheNeighbourChannels() {
        DetectorGeometry geometry =
                parse("--slice-interval", "4", "--stride", "8").geometry();

        assertThat(geometry.intervalMm()).isEqualTo(4.0);
        assertThat(geometry.stride()).isEqualTo(8);
    }

    @Test
    void aSliceIntervalOfNothingOrBeyondTenMillimetresIsRefusedByName() {
        assertThatThrownBy(() -> parse("--slice-interval", "0").geometry())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--slice-interval must be above 0 and at most 10.0 mm, was 0.0");
        assertThatThrownBy(() -> parse("--slice-interval", "12.5").geometry())
                .hasMessage("--slice-interval must be above 0 and at most 10.0 mm, was 12.5");
        assertThatThrownBy(() -> parse("--slice-interval", "NaN").geometry())
                .hasMessageStartingWith("--slice-interval must be above 0");
    }

    @Test
    void thePartTargetIsHalfByDefaultTurnsOffAtZeroAndIsRefusedAtCertaintyByName() {
        assertThat(parse().options("lake", "single", 1, false, null, null)
                        .extras()
                        .partTarget())
                .isEqualTo(0.5);
        assertThat(parse("--part-target", "0")
                        .options("lake", "single", 1, false, null, null)
                        .extras()
                        .partTarget())
                .isZero();
        assertThatThrownBy(() -> parse("--part-target", "1").options("lake", "single", 1, false, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--part-target must be at least 0 and below 1, was 1.0");
        assertThatThrownBy(() -> parse("--part-target", "-0.1").options("lake", "single", 1, false, null, null))
                .hasMessageStartingWith("--part-target must be at least 0");
    }
}
