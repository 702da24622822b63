package org.deeplesion.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NativeThreadsTest {

    private ExecutorService pool;

    @BeforeEach
    void startThreads() {
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stopThreads() {
        pool.shutdownNow();
    }

    private <T> T onNewThread(Callable<T> work) throws Exception {
        return pool.submit(work).get();
    }

    @Test
    void limitsTheCallingThreadAndNoOther() throws Exception {
        assumeTrue(System.getenv(NativeThreads.VARIABLE) == null, "the JVM's own thread count would win");
        int untouched = onNewThread(NativeThreads::ofCallingThread);
        assumeTrue(untouched > 1, "a machine with one core cannot show a limit");

        int limited = onNewThread(() -> {
            assertThat(NativeThreads.limitCallingThread(1)).isTrue();
            return NativeThreads.ofCallingThread();
        });
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            assertThat(limited).isEqualTo(1);
            assertThat(other.submit(NativeThreads::ofCallingThread).get()).isEqualTo(untouched);
            assertThat(NativeThreads.ofCallingThread()).isEqualTo(untouched);
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void refusesFewerThanOneThread() {
        assertThatThrownBy(() -> NativeThreads.limitCallingThread(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("native threads must be >= 1, was 0");
    }
}
