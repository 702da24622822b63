package org.deeplesion.nn;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * How many OpenMP threads ND4J's native ops (oneDNN's layers among them) use when a given Java thread calls them.
 *
 * <p>ND4J gives every calling thread as many as the machine has cores. Spark runs one task per core, so on an
 * executor with as many tasks as cores each task's ops ask for all the cores at once: on two cores, two workers
 * fitting the proposal network ran four threads and fitted 125 patches per second against 183 with one thread
 * each. OpenMP keeps this count per calling thread, so a task limits its own thread and no other.
 *
 * <p>A JVM started with {@value #VARIABLE} keeps that choice: ND4J and OpenMP read it at start, and this class then
 * changes nothing.
 */
public final class NativeThreads {

    /** The environment variable that sets every thread's count for the whole JVM, read by ND4J and OpenMP. */
    public static final String VARIABLE = "OMP_NUM_THREADS";

    private NativeThreads() {}

    /**
     * Limits the native ops the calling thread starts from now on to {@code threads} threads, unless the JVM was
     * started with {@value #VARIABLE}.
     *
     * @return whether the limit was applied
     */
    public static boolean limitCallingThread(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("native threads must be >= 1, was " + threads);
        }
        if (System.getenv(VARIABLE) != null) {
            return false;
        }
        ops().setOmpNumThreads(threads);
        return true;
    }

    /** The threads the native ops the calling thread starts will use. */
    public static int ofCallingThread() {
        return ops().ompGetMaxThreads();
    }

    private static NativeOps ops() {
        // The holder finds the native library through the backend ND4J loads first.
        Nd4j.getBackend();
        return NativeOpsHolder.getInstance().getDeviceNativeOps();
    }
}
