package org.deeplesion.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;
import org.deeplesion.jobs.lake.LakeLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserErrorsTest {

    @TempDir
    Path dir;

    @Test
    void badArgumentsAndUnreadableInputAreTheUsers() {
        assertThat(UserErrors.isUserError(new IllegalArgumentException("--k must be positive")))
                .isTrue();
        assertThat(UserErrors.isUserError(new FileNotFoundException("file:/x/DL_info.csv")))
                .isTrue();
        assertThat(UserErrors.isUserError(
                        new UncheckedIOException("cannot read file:/x", new FileNotFoundException("file:/x"))))
                .isTrue();
    }

    @Test
    void aLakeAnotherRunHoldsIsTheUsersAlthoughItIsAnIllegalState() throws Exception {
        Configuration conf = new Configuration();
        String lake = dir.toUri().toString();
        try (LakeLock held =
                LakeLock.acquire(conf, lake, "refresh", LakeLock.Holder.current("first"), Duration.ofHours(1), false)) {
            Throwable second = catchThrowable(() -> LakeLock.acquire(
                    conf, lake, "refresh", LakeLock.Holder.current("second"), Duration.ofHours(1), false));

            assertThat(second).isInstanceOf(LakeLock.HeldException.class);
            assertThat(UserErrors.isUserError(second)).isTrue();
        }
    }

    @Test
    void bugsAreNot() {
        assertThat(UserErrors.isUserError(new NullPointerException())).isFalse();
        assertThat(UserErrors.isUserError(new IllegalStateException("table lesions has columns ...")))
                .isFalse();
        assertThat(UserErrors.isUserError(new ArithmeticException("/ by zero"))).isFalse();
    }

    @Test
    void theLineIsOneLineEvenForAMessageOfSeveral() {
        assertThat(UserErrors.line(new IllegalArgumentException("cannot read x:\n  line 3: bad\n")))
                .isEqualTo("cannot read x: line 3: bad");
        assertThat(UserErrors.line(new FileNotFoundException())).isEqualTo("java.io.FileNotFoundException");
    }
}
