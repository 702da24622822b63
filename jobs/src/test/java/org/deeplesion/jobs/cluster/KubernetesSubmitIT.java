package org.deeplesion.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes configuration as Spark's own Kubernetes client submits it: scripts/submit with conf/kubernetes.conf
 * and conf/s3a.conf (and conf/cuda.conf for GPU executors), exactly as the README has users run it, against
 * fabric8's mock API server (CRUD mode, HTTPS) on loopback. In cluster mode spark-submit creates the driver pod, its
 * config maps and its service and returns; in client mode the driver runs here and asks for executor pods, which
 * never start. The test reads every object back from the server and checks what a cluster would run.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KubernetesSubmitIT {

    private static final Path ROOT = Path.of(System.getProperty("project.root")).normalize();
    private static final String NAMESPACE = "deeplesion";
    /** Where the submission with a misspelt template goes, apart from the configuration under test. */
    private static final String TYPO_NAMESPACE = "deeplesion-typo";

    private static final String IMAGE_JAR = "local:///opt/deeplesion/jobs.jar";
    private static final Pattern APP_ID = Pattern.compile("with application ID (\\S+) ");
    private static final Duration CEILING = Duration.ofMinutes(3);
    /** MockWebServer logs every request at INFO through java.util.logging; held so the level sticks. */
    private static final Logger MOCK_SERVER_LOG = Logger.getLogger(MockWebServer.class.getName());

    /** spark-submit's logs, kept beside the jar for a failure's post-mortem. */
    private static final Path LOGS = Path.of(System.getProperty("jobs.jar")).resolveSibling("kubernetes-submit-it");

    @TempDir
    static Path dir;

    private static KubernetesMockServer server;
    private static NamespacedKubernetesClient kubernetes;
    private static SparkHome sparkHome;
    private static Path caCert;
    private static Properties kubernetesConf;
    private static Properties cudaConf;
    private static Submitted ingest;
    private static Submitted train;
    private static Submitted misspelt;
    private static List<Pod> cpuExecutors;
    private static List<Pod> gpuExecutors;
    private static String gpuDriverLog;

    /** A cluster-mode submission: its application id and what spark-submit wrote. */
    record Submitted(String appId, String log) {}

    @BeforeAll
    static void submitToTheMockApiServer() throws Exception {
        MOCK_SERVER_LOG.setLevel(Level.WARNING);
        Files.createDirectories(LOGS);
        try (Stream<Path> old = Files.list(LOGS)) {
            for (Path log : old.toList()) {
                Files.delete(log);
            }
        }
        server = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new ApplyingCrudDispatcher(), true);
        server.init(InetAddress.getLoopbackAddress(), 0);
        kubernetes = server.createClient();
        caCert = dir.resolve("api-server-ca.crt");
        try (InputStream in = MockWebServer.class.getClassLoader().getResourceAsStream("ssl/fabric8.crt")) {
            Files.copy(in, caCert);
        }
        sparkHome = SparkHome.fromClasspathFile(dir.resolve("spark-home"));
        kubernetesConf = properties(ROOT.resolve("conf/kubernetes.conf"));
        cudaConf = properties(ROOT.resolve("conf/cuda.conf"));

        ingest = submitInClusterMode(
                "ingest", List.of(), "ingest", "--input", "s3a://archive/export", "--lake", "s3a://lake/ct");
        train = submitInClusterMode(
                "train-cuda", List.of("--properties-file", "conf/cuda.conf"), "train", "--lake", "s3a://lake/ct");
        String driverTemplate = Files.readString(ROOT.resolve("conf/kubernetes/driver-pod.yaml"));
        assertThat(driverTemplate).contains("    fsGroup: 185");
        Path typo = Files.writeString(
                dir.resolve("driver-pod-typo.yaml"), driverTemplate.replace("    fsGroup: 185", "    fsGroupp: 185"));
        misspelt = submitInClusterMode(
                "mine-misspelt",
                List.of(
                        "--conf", "spark.kubernetes.namespace=" + TYPO_NAMESPACE,
                        "--conf", "spark.kubernetes.driver.podTemplateFile=" + typo),
                "mine",
                "--lake",
                "s3a://lake/ct");
        cpuExecutors = executorsRequestedInClientMode("cpu", List.of());
        gpuExecutors = executorsRequestedInClientMode("gpu", List.of("--properties-file", "conf/cuda.conf"));
        gpuDriverLog = Files.readString(LOGS.resolve("gpu-client.log"));
    }

    @AfterAll
    static void stopTheApiServer() {
        if (kubernetes != null) {
            kubernetes.close();
        }
        if (server != null) {
            server.destroy();
        }
    }

    private static String masterUrl() {
        return "k8s://https://127.0.0.1:" + server.getPort();
    }

    /** scripts/submit from the repository root, as the README has it, with the test's environment. */
    private static ProcessBuilder submit(List<String> options, List<String> command, Path log) {
        List<String> args = new ArrayList<>(List.of(
                ROOT.resolve("scripts/submit").toString(),
                "--master",
                masterUrl(),
                "--properties-file",
                "conf/kubernetes.conf",
                "--properties-file",
                "conf/s3a.conf"));
        args.addAll(options);
        args.add("--");
        args.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(args)
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(sparkHome.environment());
        pb.environment().remove("SPARK_CONF_DIR");
        // The mock server's certificate names no host; the CA file each mode passes still decides whom to trust.
        pb.environment().put("SPARK_SUBMIT_OPTS", "-Dkubernetes.disable.hostname.verification=true");
        pb.environment().put("KUBECONFIG", dir.resolve("no-kubeconfig").toString());
        return pb;
    }

    private static Submitted submitInClusterMode(String name, List<String> options, String... command)
            throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(options);
        all.addAll(List.of(
                "--conf",
                "spark.kubernetes.submission.waitAppCompletion=false",
                "--conf",
                "spark.kubernetes.authenticate.submission.caCertFile=" + caCert));
        Path log = LOGS.resolve(name + "-cluster.log");
        ProcessBuilder pb = submit(all, List.of(command), log);
        pb.environment().put("DEEPLESION_JAR", IMAGE_JAR);
        Process p = pb.start();
        if (!p.waitFor(CEILING.toSeconds(), TimeUnit.SECONDS)) {
            stop(p);
            throw new AssertionError("spark-submit did not return in " + CEILING + ":\n" + Files.readString(log));
        }
        String out = Files.readString(log);
        assertThat(p.exitValue()).as(out).isZero();
        Matcher m = APP_ID.matcher(out);
        assertThat(m.find())
                .as("the application id in spark-submit's log:\n" + out)
                .isTrue();
        return new Submitted(m.group(1), out);
    }

    /**
     * Runs ingest in client mode, the driver in a child JVM, until the API server holds the executor pods it asks
     * for (never scheduled here, so the job waits), reads them, and stops the driver.
     */
    private static List<Pod> executorsRequestedInClientMode(String name, List<String> options) throws Exception {
        Set<String> earlierApps = executorPods().stream()
                .map(p -> p.getMetadata().getLabels().get("spark-app-selector"))
                .collect(Collectors.toSet());
        Path archive = Files.createDirectories(dir.resolve("archive-" + name));
        Files.writeString(archive.resolve("not-dicom.dcm"), "no DICOM preamble here");
        List<String> all = new ArrayList<>(options);
        all.addAll(List.of(
                "--deploy-mode", "client",
                "--conf", "spark.kubernetes.authenticate.caCertFile=" + caCert,
                // Sized for a test machine: the driver's heap is a JVM here, not a pod's request.
                "--conf", "spark.driver.memory=1g",
                "--conf", "spark.driver.extraJavaOptions=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
                "--conf", "spark.ui.enabled=false"));
        Path log = LOGS.resolve(name + "-client.log");
        ProcessBuilder pb = submit(
                all,
                List.of(
                        "ingest",
                        "--input",
                        archive.toUri().toString(),
                        "--lake",
                        dir.resolve("lake-" + name).toUri().toString()),
                log);
        pb.environment().put("DEEPLESION_JAR", System.getProperty("jobs.jar"));
        pb.environment().put("DEEPLESION_SECRET", "kubernetes-test-secret-0123456789");
        int wanted = Integer.parseInt(kubernetesConf.getProperty("spark.executor.instances"));
        Process p = pb.start();
        try {
            return awaitOrFail("the client-mode driver's " + wanted + " executor pods", p, log, () -> {
                Map<String, List<Pod>> byApp = executorPods().stream()
                        .filter(pod -> !earlierApps.contains(
                                pod.getMetadata().getLabels().get("spark-app-selector")))
                        .collect(Collectors.groupingBy(
                                pod -> pod.getMetadata().getLabels().get("spark-app-selector")));
                return byApp.values().stream()
                        .filter(pods -> pods.size() >= wanted)
                        .findFirst()
                        .orElse(null);
            });
        } finally {
            stop(p);
        }
    }

    private static List<Pod> executorPods() {
        return kubernetes
                .pods()
                .inNamespace(NAMESPACE)
                .withLabel("spark-role", "executor")
                .list()
                .getItems();
    }

    private static <T> T awaitOrFail(String what, Process p, Path log, Supplier<T> probe)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(CEILING);
        while (Instant.now().isBefore(deadline)) {
            T found = probe.get();
            if (found != null) {
                return found;
            }
            if (!p.isAlive()) {
                throw new AssertionError("spark-submit exited with " + p.exitValue() + " before " + what
                        + " appeared:\n" + Files.readString(log));
            }
            p.waitFor(250, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("no " + what + " within " + CEILING + ":\n" + Files.readString(log));
    }

    /** Stops scripts/submit and the JVM it started, and waits for both to exit. */
    private static void stop(Process p) throws InterruptedException {
        List<ProcessHandle> children = p.descendants().toList();
        children.forEach(ProcessHandle::destroy);
        p.destroy();
        for (ProcessHandle h :
                Stream.concat(children.stream(), Stream.of(p.toHandle())).toList()) {
            try {
                h.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception notYet) {
                h.destroyForcibly();
            }
        }
        p.waitFor();
    }

    private static Properties properties(Path file) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        return p;
    }

    private static Properties properties(String text) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }

    // ---- what cluster mode created

    private static Pod driverPod(Submitted s) {
        return driverPod(s, NAMESPACE);
    }

    private static Pod driverPod(Submitted s, String namespace) {
        List<Pod> pods = kubernetes
                .pods()
                .inNamespace(namespace)
                .withLabel("spark-app-selector", s.appId())
                .withLabel("spark-role", "driver")
                .list()
                .getItems();
        assertThat(pods).as("driver pods of " + s.appId() + "\n" + s.log()).hasSize(1);
        return pods.get(0);
    }

    private static <T extends HasMetadata> List<T> ownedBy(Pod owner, List<T> objects) {
        return objects.stream()
                .filter(o -> o.getMetadata().getOwnerReferences().stream()
                        .anyMatch(r -> r.getKind().equals("Pod")
                                && r.getName().equals(owner.getMetadata().getName())
                                && r.getUid().equals(owner.getMetadata().getUid())))
                .toList();
    }

    private static List<ConfigMap> configMapsOf(Pod driver) {
        return ownedBy(
                driver, kubernetes.configMaps().inNamespace(NAMESPACE).list().getItems());
    }

    /** The Spark properties the driver pod starts with, from the config map spark-submit wrote for it. */
    private static Properties driverProperties(Pod driver) throws IOException {
        List<String> files = configMapsOf(driver).stream()
                .map(c -> c.getData().get("spark.properties"))
                .filter(Objects::nonNull)
                .toList();
        assertThat(files).as("config maps holding spark.properties").hasSize(1);
        return properties(files.get(0));
    }

    /** The executor pod template spark-submit passed to the driver in a config map. */
    private static String executorTemplateFor(Pod driver) {
        List<String> templates = configMapsOf(driver).stream()
                .map(c -> c.getData().get("podspec-configmap-key"))
                .filter(Objects::nonNull)
                .toList();
        assertThat(templates)
                .as("config maps holding the executor pod template")
                .hasSize(1);
        return templates.get(0);
    }

    private static Container sparkContainer(Pod pod, String name) {
        List<Container> named = pod.getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(name))
                .toList();
        assertThat(named).as(pod.getMetadata().getName() + "'s containers").hasSize(1);
        return named.get(0);
    }

    private static Map<String, EnvVar> env(Container c) {
        return c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e, (a, b) -> b));
    }

    /** Spark's pod memory: heap plus overhead, the overhead 10% of the heap and at least 384 MiB. */
    private static Quantity podMemory(String heap, String overhead) {
        long heapMib = mebibytes(heap);
        long overheadMib = overhead == null ? Math.max((long) (heapMib * 0.1), 384) : mebibytes(overhead);
        return new Quantity((heapMib + overheadMib) + "Mi");
    }

    private static long mebibytes(String size) {
        char unit = Character.toLowerCase(size.charAt(size.length() - 1));
        long n = Long.parseLong(size.substring(0, size.length() - 1));
        return switch (unit) {
            case 'g' -> n * 1024;
            case 'm' -> n;
            default -> throw new IllegalArgumentException("size " + size);
        };
    }

    private static String java17Options() throws IOException {
        return Files.readString(ROOT.resolve("conf/java17-options")).trim();
    }

    private static Pod template(String name) throws IOException {
        return StrictPods.readTemplate(ROOT.resolve("conf/kubernetes").resolve(name));
    }

    // ---- the tests

    @Test
    void everyPodTemplateIsAStrictlyValidPod() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("conf/kubernetes"))) {
            List<Path> templates =
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertThat(templates)
                    .extracting(f -> f.getFileName().toString())
                    .containsExactly("driver-pod.yaml", "executor-pod-cuda.yaml", "executor-pod.yaml");
            for (Path t : templates) {
                assertThat(StrictPods.readTemplate(t).getSpec())
                        .as(t.toString())
                        .isNotNull();
            }
        }
    }

    @Test
    void aTemplateWithAMisspeltKeyOrBrokenYamlIsRejected() throws IOException {
        String good = Files.readString(ROOT.resolve("conf/kubernetes/executor-pod.yaml"));
        assertThat(good).contains("    fsGroup: 185", "          mountPath: /tmp/spark-local");
        Path misspelt = Files.writeString(
                dir.resolve("misspelt.yaml"),
                good.replace("    fsGroup: 185", "    fsGroupp: 185")
                        .replace("          mountPath:", "          mountpath:"));
        Path broken = Files.writeString(
                dir.resolve("broken.yaml"), good.replace("  securityContext:", "  securityContext: {"));
        Path duplicate = Files.writeString(dir.resolve("duplicate.yaml"), good + "spec:\n  hostNetwork: true\n");

        assertThatThrownBy(() -> StrictPods.readTemplate(misspelt))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(".spec.securityContext.fsGroupp")
                .hasMessageContaining(".spec.containers[0].volumeMounts[0].mountpath");
        assertThatThrownBy(() -> StrictPods.readTemplate(broken))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not valid YAML");
        assertThatThrownBy(() -> StrictPods.readTemplate(duplicate))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not valid YAML")
                .hasMessageContaining("spec");
    }

    @Test
    void aMisspeltTemplateKeyPassesSparkAndTheServerSilentlyAndTheSchemaCheckCatchesIt() {
        Pod driver = driverPod(misspelt, TYPO_NAMESPACE);

        assertThat(driver.getSpec().getSecurityContext().getFsGroup()).isNull();
        assertThatThrownBy(() -> StrictPods.requireKnownFields("the driver pod", driver))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(".spec.securityContext.fsGroupp");
    }

    @Test
    void everyObjectOnTheServerFitsTheKubernetesSchema() {
        List<HasMetadata> all = new ArrayList<>();
        all.addAll(kubernetes.pods().inNamespace(NAMESPACE).list().getItems());
        all.addAll(kubernetes.configMaps().inNamespace(NAMESPACE).list().getItems());
        all.addAll(kubernetes.services().inNamespace(NAMESPACE).list().getItems());
        all.addAll(cpuExecutors);
        all.addAll(gpuExecutors);

        assertThat(all).hasSizeGreaterThan(2 + 2 * 8);
        for (HasMetadata o : all) {
            StrictPods.requireKnownFields(o.getKind() + " " + o.getMetadata().getName(), o);
        }
    }

    @Test
    void theDriverPodRunsTheImageAsTheServiceAccountInTheNamespace() {
        Pod driver = driverPod(ingest);
        Container c = sparkContainer(driver, "spark-kubernetes-driver");

        assertThat(driver.getMetadata().getNamespace())
                .isEqualTo(kubernetesConf.getProperty("spark.kubernetes.namespace"))
                .isEqualTo(NAMESPACE);
        assertThat(driver.getSpec().getServiceAccountName())
                .isEqualTo(kubernetesConf.getProperty("spark.kubernetes.authenticate.driver.serviceAccountName"));
        assertThat(driver.getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(c.getImage()).isEqualTo(kubernetesConf.getProperty("spark.kubernetes.container.image"));
        assertThat(c.getImagePullPolicy())
                .isEqualTo(kubernetesConf.getProperty("spark.kubernetes.container.image.pullPolicy"));
        assertThat(c.getArgs())
                .containsSubsequence(
                        "driver",
                        "--properties-file",
                        "--class",
                        "org.deeplesion.jobs.cli.DeepLesionCli",
                        IMAGE_JAR,
                        "ingest",
                        "--input",
                        "s3a://archive/export",
                        "--lake",
                        "s3a://lake/ct");
    }

    @Test
    void thePseudonymisationSecretComesFromTheKubernetesSecretNotFromTheSubmission() throws IOException {
        Pod driver = driverPod(ingest);
        EnvVar secret = env(sparkContainer(driver, "spark-kubernetes-driver")).get("DEEPLESION_SECRET");

        assertThat(secret).as("DEEPLESION_SECRET in the driver's environment").isNotNull();
        assertThat(secret.getValue()).isNull();
        assertThat(secret.getValueFrom().getSecretKeyRef().getName()).isEqualTo("deeplesion");
        assertThat(secret.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("secret");
        assertThat(driverProperties(driver).stringPropertyNames()).noneMatch(k -> k.contains("deeplesion.secret"));
    }

    @Test
    void theDriverStartsWithJava17OptionsKryoAndTheS3WebIdentity() throws IOException {
        Properties props = driverProperties(driverPod(ingest));

        assertThat(props.getProperty("spark.driver.defaultJavaOptions")).isEqualTo(java17Options());
        assertThat(props.getProperty("spark.executor.defaultJavaOptions")).isEqualTo(java17Options());
        assertThat(props.getProperty("spark.serializer")).isEqualTo("org.apache.spark.serializer.KryoSerializer");
        String provider = props.getProperty("spark.hadoop.fs.s3a.aws.credentials.provider");
        assertThat(provider).isEqualTo("com.amazonaws.auth.WebIdentityTokenCredentialsProvider");
        try (var jar = new ZipFile(System.getProperty("jobs.jar"))) {
            assertThat(jar.getEntry(provider.replace('.', '/') + ".class"))
                    .as(provider + " in the job jar")
                    .isNotNull();
        }
        assertThat(props.getProperty("spark.hadoop.fs.s3a.connection.maximum")).isEqualTo("200");
        assertThat(props.getProperty("spark.executor.instances")).isEqualTo("8");
        assertThat(props.getProperty("spark.app.name")).isEqualTo("deeplesion-ingest");
    }

    @Test
    void theDriverPodRequestsTheConfiguredCoresAndMemory() {
        Container c = sparkContainer(driverPod(ingest), "spark-kubernetes-driver");
        Quantity memory = podMemory(kubernetesConf.getProperty("spark.driver.memory"), null);

        assertThat(c.getResources().getRequests().get("memory")).isEqualTo(memory);
        assertThat(c.getResources().getLimits().get("memory")).isEqualTo(memory);
        assertThat(c.getResources().getRequests().get("cpu"))
                .isEqualTo(new Quantity(kubernetesConf.getProperty("spark.driver.cores")));
        assertThat(c.getResources().getLimits()).doesNotContainKey("nvidia.com/gpu");
    }

    @Test
    void theDriverPodCarriesItsTemplatesLabelsAndSecurityContext() throws IOException {
        Pod driver = driverPod(ingest);
        Pod template = template("driver-pod.yaml");

        assertThat(driver.getMetadata().getLabels())
                .containsAllEntriesOf(template.getMetadata().getLabels());
        assertThat(driver.getSpec().getSecurityContext())
                .isEqualTo(template.getSpec().getSecurityContext());
        assertThat(driver.getSpec().getSecurityContext().getRunAsUser()).isEqualTo(185L);
    }

    @Test
    void theDriverGetsTheExecutorTemplateMountedFromAConfigMap() throws IOException {
        Pod driver = driverPod(ingest);
        Properties props = driverProperties(driver);
        String mounted = props.getProperty("spark.kubernetes.executor.podTemplateFile");

        assertThat(executorTemplateFor(driver))
                .isEqualTo(Files.readString(ROOT.resolve("conf/kubernetes/executor-pod.yaml")));
        assertThat(mounted).as("the driver's executor template path").startsWith("/");
        List<String> mounts = sparkContainer(driver, "spark-kubernetes-driver").getVolumeMounts().stream()
                .map(VolumeMount::getMountPath)
                .toList();
        assertThat(mounts).anyMatch(m -> mounted.startsWith(m + "/"));
    }

    @Test
    void theDriverServiceSelectsTheDriverAndIsWhereExecutorsFindIt() throws IOException {
        Pod driver = driverPod(ingest);
        List<Service> services = ownedBy(
                driver, kubernetes.services().inNamespace(NAMESPACE).list().getItems());
        Properties props = driverProperties(driver);

        assertThat(services).hasSize(1);
        Service svc = services.get(0);
        assertThat(svc.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(driver.getMetadata().getLabels())
                .containsAllEntriesOf(svc.getSpec().getSelector());
        assertThat(svc.getSpec().getPorts())
                .extracting(ServicePort::getPort)
                .contains(
                        Integer.parseInt(props.getProperty("spark.driver.port")),
                        Integer.parseInt(props.getProperty("spark.driver.blockManager.port")));
        assertThat(props.getProperty("spark.driver.host"))
                .isEqualTo(svc.getMetadata().getName() + "." + NAMESPACE + ".svc");
    }

    @Test
    void theCudaDriverPassesTheGpuTemplateAndDiscoveryScriptToItsExecutors() throws IOException {
        Pod driver = driverPod(train);
        Properties props = driverProperties(driver);

        assertThat(executorTemplateFor(driver))
                .isEqualTo(Files.readString(ROOT.resolve("conf/kubernetes/executor-pod-cuda.yaml")));
        for (String key : List.of(
                "spark.executor.resource.gpu.amount",
                "spark.executor.resource.gpu.vendor",
                "spark.executor.resource.gpu.discoveryScript",
                "spark.task.resource.gpu.amount",
                "spark.executor.memoryOverhead")) {
            assertThat(props.getProperty(key)).as(key).isEqualTo(cudaConf.getProperty(key));
        }
        assertThat(props.getProperty("spark.executor.resource.gpu.discoveryScript"))
                .startsWith("/opt/spark/")
                .endsWith("getGpusResources.sh");
        // Every task takes a GPU, so an executor runs as many tasks at once as it has GPUs: its cores are the
        // tasks' cores, none idle.
        int concurrentTasks = Integer.parseInt(props.getProperty("spark.executor.resource.gpu.amount"))
                / Integer.parseInt(props.getProperty("spark.task.resource.gpu.amount"));
        assertThat(Integer.parseInt(props.getProperty("spark.task.cpus", "1")) * concurrentTasks)
                .isEqualTo(Integer.parseInt(props.getProperty("spark.executor.cores")));
        assertThat(sparkContainer(driver, "spark-kubernetes-driver")
                        .getResources()
                        .getLimits())
                .doesNotContainKey("nvidia.com/gpu");
    }

    @Test
    void clientModeRequestsTheConfiguredNumberOfExecutorsFromTheTemplate() throws IOException {
        Pod template = template("executor-pod.yaml");
        Quantity memory = podMemory(
                kubernetesConf.getProperty("spark.executor.memory"),
                kubernetesConf.getProperty("spark.executor.memoryOverhead"));

        assertThat(cpuExecutors).hasSize(Integer.parseInt(kubernetesConf.getProperty("spark.executor.instances")));
        for (Pod pod : cpuExecutors) {
            Container c = sparkContainer(pod, "spark-kubernetes-executor");
            Map<String, EnvVar> env = env(c);
            assertThat(pod.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
            assertThat(pod.getMetadata().getLabels())
                    .containsAllEntriesOf(template.getMetadata().getLabels());
            assertThat(pod.getSpec().getSecurityContext())
                    .isEqualTo(template.getSpec().getSecurityContext());
            assertThat(pod.getSpec().getServiceAccountName())
                    .isEqualTo(kubernetesConf.getProperty("spark.kubernetes.authenticate.driver.serviceAccountName"));
            assertThat(c.getImage()).isEqualTo(kubernetesConf.getProperty("spark.kubernetes.container.image"));
            assertThat(c.getResources().getRequests().get("memory")).isEqualTo(memory);
            assertThat(c.getResources().getLimits().get("memory")).isEqualTo(memory);
            assertThat(c.getResources().getRequests().get("cpu"))
                    .isEqualTo(new Quantity(kubernetesConf.getProperty("spark.kubernetes.executor.request.cores")));
            assertThat(c.getResources().getLimits()).doesNotContainKey("nvidia.com/gpu");
            assertThat(env.get("SPARK_EXECUTOR_CORES").getValue())
                    .isEqualTo(kubernetesConf.getProperty("spark.executor.cores"));
            assertThat(javaOptions(env)).startsWith(java17Options());
            // Spark adds no local-dir volume of its own when the template brings one.
            List<Volume> localDirs = pod.getSpec().getVolumes().stream()
                    .filter(v -> v.getName().startsWith("spark-local-dir-"))
                    .toList();
            assertThat(localDirs).extracting(Volume::getName).containsExactly("spark-local-dir-1");
            assertThat(localDirs.get(0).getEmptyDir())
                    .isEqualTo(template.getSpec().getVolumes().get(0).getEmptyDir());
            assertThat(env.get("SPARK_LOCAL_DIRS").getValue()).isEqualTo("/tmp/spark-local");
        }
    }

    @Test
    void clientModeGpuExecutorsAskForAGpuOnGpuNodes() throws IOException {
        Pod template = template("executor-pod-cuda.yaml");
        Quantity memory = podMemory(
                kubernetesConf.getProperty("spark.executor.memory"),
                cudaConf.getProperty("spark.executor.memoryOverhead"));

        assertThat(gpuExecutors).hasSize(Integer.parseInt(kubernetesConf.getProperty("spark.executor.instances")));
        for (Pod pod : gpuExecutors) {
            Container c = sparkContainer(pod, "spark-kubernetes-executor");
            assertThat(pod.getMetadata().getLabels())
                    .containsAllEntriesOf(template.getMetadata().getLabels());
            assertThat(pod.getSpec().getNodeSelector())
                    .containsAllEntriesOf(template.getSpec().getNodeSelector());
            assertThat(pod.getSpec().getTolerations())
                    .containsAll(template.getSpec().getTolerations());
            assertThat(pod.getSpec().getSecurityContext())
                    .isEqualTo(template.getSpec().getSecurityContext());
            assertThat(c.getResources().getLimits().get("nvidia.com/gpu"))
                    .isEqualTo(new Quantity(cudaConf.getProperty("spark.executor.resource.gpu.amount")));
            assertThat(c.getResources().getLimits().get("memory")).isEqualTo(memory);
            assertThat(env(c).get("NVIDIA_DRIVER_CAPABILITIES").getValue()).isEqualTo("compute,utility");
            assertThat(javaOptions(env(c))).startsWith(java17Options());
            assertThat(env(c).get("SPARK_LOCAL_DIRS").getValue()).isEqualTo("/tmp/spark-local");
        }
        assertThat(gpuDriverLog.lines().filter(l -> l.contains("wasted resources")))
                .as("Spark's verdict")
                .isEmpty();
    }

    /** The executor JVM's options, which Spark passes one per SPARK_JAVA_OPT_n variable. */
    private static String javaOptions(Map<String, EnvVar> env) {
        return env.keySet().stream()
                .filter(k -> k.startsWith("SPARK_JAVA_OPT_"))
                .sorted(Comparator.comparingInt(k -> Integer.parseInt(k.substring(15))))
                .map(k -> env.get(k).getValue())
                .collect(Collectors.joining(" "));
    }
}
