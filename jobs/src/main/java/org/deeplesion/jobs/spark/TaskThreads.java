package org.deeplesion.jobs.spark;

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

/**
 * The native threads one Spark task's ND4J ops may use, when a site asks for it: its share of its executor's cores,
 * so that an executor's tasks together start as many threads as it has cores instead of each starting that many
 * ({@link NativeThreads}).
 *
 * <p>The share is the Spark setting {@value #CONF}: a number, or {@value #AUTO} for the task's CPUs
 * ({@code spark.task.cpus}) on a cluster and the machine's cores divided among the task slots of a local master
 * ({@code local[2]} on two cores: one each). Executors a cluster manager starts then also get {@code OMP_NUM_THREADS}
 * set to it, which covers native threads no task code of ours starts. Left out, ND4J keeps its own default.
 */
public final class TaskThreads {

    /** Spark setting: native threads per task, a number or {@value #AUTO}. */
    public static final String CONF = "spark.deeplesion.nativeThreadsPerTask";

    /** The share computed from the master and the task's CPUs. */
    public static final String AUTO = "auto";

    private static final String EXECUTOR_ENV = "spark.executorEnv." + NativeThreads.VARIABLE;
    private static final Pattern LOCAL = Pattern.compile("local\\[\\s*(\\d+|\\*)\\s*(?:,\\s*\\d+\\s*)?]");

    private TaskThreads() {}

    /**
     * Before a session starts: turns a site's {@value #AUTO} into its number, checks a number, and gives executors
     * the same {@code OMP_NUM_THREADS} unless the site set theirs. Without the setting, nothing.
     */
    static void configure(SparkConf conf, int cores) {
        if (!conf.contains(CONF)) {
            return;
        }
        String given = conf.get(CONF).trim();
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
        throw new IllegalArgumentException(CONF + " must be " + AUTO + " or a whole number >= 1, was '" + given + "'");
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
     * a session without the setting, it changes nothing.
     */
    public static void limitThisTask() {
        if (TaskContext.get() == null) {
            return;
        }
        SparkConf conf = SparkEnv.get().conf();
        if (conf.contains(CONF)) {
            NativeThreads.limitCallingThread(Integer.parseInt(conf.get(CONF).trim()));
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
