package org.deeplesion.nn;

/**
 * Runs DL4J's convolution, pooling and batch-normalisation layers through oneDNN, which ND4J's {@code -onednn} CPU
 * build carries: on two cores the detector's proposal network runs about seven times faster on whole slices, and
 * trains about four times faster, than on the built-in im2col path ({@code deeplesion bench detector}).
 *
 * <p>DL4J 1.0.0-M2.1 leaves these helpers off unless the system property {@value #PROPERTY} is {@code false}, and
 * it looks for the switch that says whether ND4J has oneDNN under a class name that ND4J 1.0.0-M2.1 no longer has
 * ({@code org.nd4j.nativeblas.Nd4jCpu}, restored by this module). A layer takes its helper when it is built, so
 * {@link #enable} must run before a network is created or read; every network factory here calls it. A JVM that sets
 * the property itself keeps its choice: {@code -Dorg.eclipse.deeplearning4j.helpers.disable=true} turns oneDNN off.
 */
public final class OneDnn {

    /** DL4J's switch for its native layer helpers; DL4J reads anything but {@code false} as "off". */
    public static final String PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    /** The JVM option that turns the helpers on, for JVMs this code does not start (Spark executors). */
    public static final String JAVA_OPTION = "-D" + PROPERTY + "=false";

    private OneDnn() {}

    /** Turns DL4J's oneDNN helpers on in this JVM, unless the property was set before. */
    public static void enable() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "false");
        }
    }
}
