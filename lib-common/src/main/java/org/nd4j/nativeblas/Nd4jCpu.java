package org.nd4j.nativeblas;

import java.lang.reflect.InvocationTargetException;

/**
 * Where DL4J 1.0.0-M2.1's {@code BaseMKLDNNHelper} asks whether ND4J was built with oneDNN: ND4J 1.0.0-M2.1 moved
 * that class to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu}, so DL4J's lookup failed and its oneDNN
 * layer helpers never ran. This class answers the lookup from the moved class (see {@code org.deeplesion.nn.OneDnn}).
 * Only DL4J calls it, by reflection, and only on the CPU backend.
 */
public final class Nd4jCpu {

    private Nd4jCpu() {}

    /** The one method DL4J calls, {@code isUseMKLDNN}, on the instance {@code getInstance} gives. */
    public static final class Environment {

        private static final String MOVED = "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";
        private static final Environment INSTANCE = new Environment();

        private Environment() {}

        public static Environment getInstance() {
            return INSTANCE;
        }

        /** Whether the loaded ND4J CPU build runs operations through oneDNN. */
        public boolean isUseMKLDNN() {
            try {
                Class<?> moved = Class.forName(MOVED);
                Object environment = moved.getMethod("getInstance").invoke(null);
                return (Boolean) moved.getMethod("isUseONEDNN").invoke(environment);
            } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
                return false;
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("ND4J could not say whether it has oneDNN", e.getCause());
            }
        }
    }
}
