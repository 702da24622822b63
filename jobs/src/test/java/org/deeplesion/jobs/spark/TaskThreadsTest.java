package org.deeplesion.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplesion.jobs.SparkTestSession;
import org.deeplesion.nn.NativeThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class TaskThreadsTest {

    @ParameterizedTest(name = "{0} on {1} cores, {2} CPUs per task: {3}")
    @CsvSource(
            delimiter = ';',
            value = {
                // a local master's task slots share the machine's cores
                "local[2]; 2; 1; 1",
                "local[2]; 16; 1; 8",
                "local[*]; 16; 1; 1",
                "local[4, 3]; 16; 1; 4",
                "local; 4; 1; 4",
                "local[8]; 2; 1; 1",
                // a cluster's task gets its own CPUs, whatever the driver's machine has
                "yarn; 2; 1; 1",
                "k8s://https://api:6443; 64; 4; 4",
                "spark://host:7077; 64; 2; 2",
                "local-cluster[2,1,1024]; 16; 1; 1"
            })
    void eachTaskGetsItsShareOfTheCores(String master, int cores, int taskCpus, int expected) {
        assertThat(TaskThreads.perTask(master, cores, taskCpus)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "setting: {0}")
    @NullSource
    @ValueSource(strings = {"auto", " auto "})
    void withoutTheSettingOrWithAutoATaskGetsTheSharedCoresLocallyAndItsCpusOnACluster(String setting) {
        SparkConf local = new SparkConf(false).set("spark.master", "local[4]");
        SparkConf k8s = new SparkConf(false)
                .set("spark.master", "k8s://https://api:6443")
                .set("spark.task.cpus", "3");
        if (setting != null) {
            local.set(TaskThreads.CONF, setting);
            k8s.set(TaskThreads.CONF, setting);
        }
        TaskThreads.configure(local, 16);
        TaskThreads.configure(k8s, 2);
        assertThat(local.get(TaskThreads.CONF)).isEqualTo("4");
        assertThat(k8s.get(TaskThreads.CONF)).isEqualTo("3");
        assertThat(k8s.get("spark.executorEnv.OMP_NUM_THREADS")).isEqualTo("3");
    }

    @Test
    void offLeavesNdFourJItsOwnThreads() {
        SparkConf conf = new SparkConf(false).set("spark.master", "local[2]").set(TaskThreads.CONF, " off");
        TaskThreads.configure(conf, 2);
        assertThat(conf.contains(TaskThreads.CONF)).isFalse();
        assertThat(conf.contains("spark.executorEnv.OMP_NUM_THREADS")).isFalse();
    }

    @Test
    void aSitesOwnNumbersAreKept() {
        SparkConf conf = new SparkConf(false)
                .set("spark.master", "local[2]")
                .set(TaskThreads.CONF, "3")
                .set("spark.executorEnv.OMP_NUM_THREADS", "4");
        TaskThreads.configure(conf, 2);
        assertThat(conf.get(TaskThreads.CONF)).isEqualTo("3");
        assertThat(conf.get("spark.executorEnv.OMP_NUM_THREADS")).isEqualTo("4");
    }

    @Test
    void aShareBelowOneIsRefusedBeforeTheSessionStarts() {
        SparkConf zero = new SparkConf(false).set("spark.master", "local[2]").set(TaskThreads.CONF, "0");
        SparkConf words = new SparkConf(false).set("spark.master", "local[2]").set(TaskThreads.CONF, "all");
        String expected = "spark.deeplesion.nativeThreadsPerTask must be auto, off or a whole number >= 1, was ";
        assertThatThrownBy(() -> TaskThreads.configure(zero, 2)).hasMessage(expected + "'0'");
        assertThatThrownBy(() -> TaskThreads.configure(words, 2)).hasMessage(expected + "'all'");
    }

    @Test
    void tasksRunTheirNativeOpsOnTheirShareAndOnNdFourJsThreadsWithoutOne() {
        assumeTrue(System.getenv(NativeThreads.VARIABLE) == null, "the JVM's own thread count would win");
        JavaSparkContext jsc =
                JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
        int fresh = NativeThreads.ofCallingThread();
        int share = TaskThreads.perTask("local[2]", Runtime.getRuntime().availableProcessors(), 1);
        assumeTrue(share < fresh, "a machine with one core cannot show a limit");
        // The shared session has its default share; a local master's tasks read the driver's live configuration.
        SparkConf live = SparkEnv.get().conf();
        assertThat(live.get(TaskThreads.CONF)).isEqualTo(Integer.toString(share));
        List<Integer> limited = threadsOfFourTasks(jsc, fresh);
        live.remove(TaskThreads.CONF);
        try {
            assertThat(threadsOfFourTasks(jsc, fresh)).containsOnly(fresh);
        } finally {
            live.set(TaskThreads.CONF, Integer.toString(share));
        }
        assertThat(limited).containsOnly(share);
        assertThat(NativeThreads.ofCallingThread()).isEqualTo(fresh);
    }

    /**
     * What each task's native ops use once it has limited itself, on a thread that starts with ND4J's count for a
     * new thread ({@code fresh}): the pooled threads keep what earlier tasks set. Each task then puts its thread back.
     */
    private static List<Integer> threadsOfFourTasks(JavaSparkContext jsc, int fresh) {
        return jsc.parallelize(List.of(1, 2, 3, 4), 4)
                .map(i -> {
                    int before = NativeThreads.ofCallingThread();
                    NativeThreads.limitCallingThread(fresh);
                    TaskThreads.limitThisTask();
                    int limited = NativeThreads.ofCallingThread();
                    NativeThreads.limitCallingThread(before);
                    return limited;
                })
                .collect();
    }
}
