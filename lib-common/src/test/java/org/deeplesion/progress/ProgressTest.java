package org.deeplesion.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTest {

    /** A clock the test moves by hand, in nanoseconds. */
    private static final class Clock {
        long nanos = 5_000_000_000L;

        void advance(double seconds) {
            nanos += (long) (seconds * 1e9);
        }
    }

    private final Clock clock = new Clock();
    private final List<String> lines = new ArrayList<>();
    private final ProgressOutput tenSeconds = ProgressOutput.log(lines::add, Duration.ofSeconds(10));

    @Test
    void aLineSaysDoneOfTotalWithShareRateAndTimeLeft() {
        Progress p = new Progress("ingest decode", "slices", 5_817, tenSeconds, () -> clock.nanos);

        clock.advance(10);
        p.update(3_100);

        // 310 slices/s leaves 2,717 slices for 8.8 s, shown as the whole seconds still to wait.
        assertThat(lines).containsExactly("ingest decode: 3,100/5,817 slices (53%), 310 slices/s, 9 s left");
    }

    @Test
    void aLogGetsOneLinePerIntervalHoweverOftenWorkIsReported() {
        Progress p = new Progress("train proposals, epoch 1/2", "minibatches", 1_000, tenSeconds, () -> clock.nanos);

        for (int done = 1; done <= 250; done++) {
            clock.advance(0.1);
            p.update(done);
        }

        // 25 s of reports, one every 0.1 s: lines at 10 s and 20 s only.
        assertThat(lines)
                .containsExactly(
                        "train proposals, epoch 1/2: 100/1,000 minibatches (10%), 10 minibatches/s, 1 min 30 s left",
                        "train proposals, epoch 1/2: 200/1,000 minibatches (20%), 10 minibatches/s, 1 min 20 s left");
    }

    @Test
    void theLastLineIsAlwaysShownWithTheStepsTimeAndLaterUpdatesAreIgnored() {
        Progress p = new Progress("ingest headers", "files", 40, tenSeconds, () -> clock.nanos);
        clock.advance(2);
        p.update(30);
        clock.advance(2);
        p.finish(40);
        p.update(41);
        p.finish(42);

        assertThat(lines).containsExactly("ingest headers: 40/40 files (100%), 10 files/s, in 4 s");
    }

    @Test
    void reportsArrivingOutOfOrderNeverMoveTheCountBack() {
        Progress p = new Progress(
                "categorize round 1, epoch 1/3",
                "crops",
                100,
                ProgressOutput.log(lines::add, Duration.ZERO),
                () -> clock.nanos);
        clock.advance(1);
        p.update(60);
        clock.advance(1);
        p.update(40);

        assertThat(lines)
                .containsExactly(
                        "categorize round 1, epoch 1/3: 60/100 crops (60%), 60 crops/s, 1 s left",
                        "categorize round 1, epoch 1/3: 60/100 crops (60%), 30 crops/s, 2 s left");
    }

    @Test
    void beforeAnythingIsDoneThereIsNoRateToShow() {
        Progress p = new Progress("train regions, epoch 1/1", "minibatches", 12, tenSeconds, () -> clock.nanos);
        clock.advance(30);
        p.update(0);

        assertThat(lines).containsExactly("train regions, epoch 1/1: 0/12 minibatches (0%)");
    }

    @Test
    void slowRatesKeepTheirDigitsAndLongWaitsReadInHours() {
        assertThat(Progress.rate(0.25)).isEqualTo("0.25");
        assertThat(Progress.rate(2.54)).isEqualTo("2.5");
        assertThat(Progress.rate(1_234.4)).isEqualTo("1,234");
        assertThat(Progress.duration(0.2)).isEqualTo("1 s");
        assertThat(Progress.duration(200)).isEqualTo("3 min 20 s");
        assertThat(Progress.duration(3 * 3600 + 5 * 60)).isEqualTo("3 h 05 min");
    }

    @Test
    void aTerminalRedrawsOneLineInPlaceAndKeepsTheLast() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressOutput terminal =
                ProgressOutput.terminal(new PrintStream(bytes, true, StandardCharsets.UTF_8), Duration.ofSeconds(1));
        Progress p = new Progress("ingest decode", "slices", 2_000, terminal, () -> clock.nanos);
        clock.advance(1);
        p.update(1_500);
        clock.advance(1);
        p.finish(2_000);

        String first = "ingest decode: 1,500/2,000 slices (75%), 1,500 slices/s, 1 s left";
        String last = "ingest decode: 2,000/2,000 slices (100%), 1,000 slices/s, in 2 s";
        // The last line is shorter than the one it replaces: blanks cover what would be left of it.
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("\r" + first + "\r" + last + " ".repeat(first.length() - last.length())
                        + System.lineSeparator());
    }

    @Test
    void aNegativeTotalIsRefused() {
        assertThatThrownBy(() -> new Progress("s", "files", -1, tenSeconds, () -> clock.nanos))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1 files");
    }
}
