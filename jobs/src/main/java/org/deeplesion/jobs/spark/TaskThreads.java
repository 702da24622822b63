package org.deeplesion.jobs.spark;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplesion.nn.NativeThreads;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The native threads one Spark task's ND4J ops may use: its share of its executor's cores, so that an executor's
 * tasks together start as many threads as it has cores instead of each starting that many ({@link NativeThreads}).
 *
 * <p>The share is the Spark setting {@value #CONF}: {@value #AUTO}, the default, for the task's CPUs
 * ({@code spark.task.cpus}) on a cluster and the machine's cores divided among the task slots of a local master
 * ({@code local[2]} on two cores: one each); a number; or {@value #OFF} for ND4J's own default. Executors a cluster
 * manager starts also get {@code OMP_NUM_THREADS} set to the share, which covers native threads no task code of ours
 * starts.
 */
public final class TaskThreads {

    /** Spark setting: native threads per task, {@value #AUTO} (the default), a number or {@value #OFF}. */
    public static final String CONF = "spark.deeplesion.nativeThreadsPerTask";

    /** The share computed from the master and the task's CPUs. */
    public static final String AUTO = "auto";

    /** No share: each task's ops use as many threads as ND4J gives any thread. */
    public static final String OFF = "off";

    private static final Logger LOG = LoggerFactory.getLogger(TaskThreads.class);

    /** Whether this JVM has logged what its tasks' native ops use. */
    private static final AtomicBoolean REPORTED = new AtomicBoolean();

    private static final String EXECUTOR_ENV = "spark.executorEnv." + NativeThreads.VARIABLE;
    private static final Pattern LOCAL = Pattern.compile("local\\[\\s*(\\d+|\\*)\\s*(?:,\\s*\\d+\\s*)?]");

    private TaskThreads() {}

    /**
     * Before a session starts: turns {@value #AUTO} (also what a missing setting means) into its number, checks a
     * number, and gives executors the same {@code OMP_NUM_THREADS} unless the site set theirs. {@value #OFF} removes
     * the setting, so that tasks leave their threads as ND4J set them.
     */
    static void configure(SparkConf conf, int cores) {
        String given = conf.get(CONF, AUTO).trim();
        if (given.equals(OFF)) {
            conf.remove(CONF);
            return;
        }
        int threads = given.equals(AUTO)
                ? perTask(conf.get("spark.master", ""), cores, conf.getInt("spark.task.cpus", 1))
                : parse(given);
        conf.set(CONF, Integer.toString(threads));
        conf.setIfMissing(EXECUTOR_ENV, Integer.toString(threads));
    }

    private static int parse(String given) {
        try {
            int threads = Integer.parseInt(given);
            if (threads >= 1) {
                return threads;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                CONF + " must be " + AUTO + ", " + OFF + " or a whole number >= 1, was '" + given + "'");
    }

    /** A local master's task slots share the machine's cores; on a cluster a task has its CPUs. */
    static int perTask(String master, int cores, int taskCpus) {
        if (master.equals("local")) {
            return Math.max(taskCpus, cores);
        }
        Matcher local = LOCAL.matcher(master);
        if (local.matches()) {
            int slots = local.group(1).equals("*") ? cores : Integer.parseInt(local.group(1));
            return Math.max(taskCpus, cores / Math.max(1, slots));
        }
        return taskCpus;
    }

    /**
     * Limits the native ops of the calling task's thread to the task's share. Outside a task (on the driver), or in
     * a session without a share ({@value #OFF}, or one not built by {@link Sessions}), it changes nothing.
     */
    public static void limitThisTask() {
        if (TaskContext.get() == null) {
            return;
        }
        SparkConf conf = SparkEnv.get().conf();
        if (conf.contains(CONF)) {
            NativeThreads.limitCallingThread(Integer.parseInt(conf.get(CONF).trim()));
            if (REPORTED.compareAndSet(false, true)) {
                String variable = System.getenv(NativeThreads.VARIABLE);
                LOG.info(
                        "native threads per task: {} ({}={})",
                        NativeThreads.ofCallingThread(),
                        NativeThreads.VARIABLE,
                        variable == null ? "unset" : variable);
            }
        }
    }

    /** For DL4J's Spark training: limits each worker's thread before it fits a minibatch. */
    public static TrainingHook hook() {
        return new Hook();
    }

    private static final class Hook implements TrainingHook {

        private static final long serialVersionUID = 1L;

        @Override
        public void preUpdate(DataSet minibatch, Model model) {
            limitThisTask();
        }

        @Override
        public void postUpdate(DataSet minibatch, Model model) {}

        @Override
        public void preUpdate(MultiDataSet minibatch, Model model) {
            limitThisTask();
        }

        @Override
        public void postUpdate(MultiDataSet minibatch, Model model) {}
    }
}
