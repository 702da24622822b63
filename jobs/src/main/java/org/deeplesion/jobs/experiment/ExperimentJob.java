package org.deeplesion.jobs.experiment;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.embed.CropGeometry;
import org.deeplesion.jobs.categorize.CategorizeJob;
import org.deeplesion.jobs.categorize.CategorizeOptions;
import org.deeplesion.jobs.categorize.CategorizeSummary;
import org.deeplesion.jobs.categorize.TrueTypes;
import org.deeplesion.jobs.detect.DetectJob;
import org.deeplesion.jobs.detect.DetectOptions;
import org.deeplesion.jobs.detect.EvaluateJob;
import org.deeplesion.jobs.detect.EvaluateOptions;
import org.deeplesion.jobs.detect.EvaluateSummary;
import org.deeplesion.jobs.detect.SelfTraining;
import org.deeplesion.jobs.detect.TrainOptions;
import org.deeplesion.jobs.detect.TrainSummary;
import org.deeplesion.jobs.detect.TrainedModel;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeTable;
import org.deeplesion.jobs.run.JobContext;
import org.deeplesion.jobs.run.JobRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pseudo-label ablation as one run: categorises the lesions once per kind of pseudo label, trains every arm with
 * every seed, detects on the split, evaluates all the models together against the bookmarks and the complete truth,
 * and writes {@code reports/experiment/<run>/}: {@code report.md} (mean ± standard deviation over the seeds per
 * false-positive rate, per truth and per true type), {@code ablation.json}, {@code froc.png} and
 * {@code froc-complete.png}. Each stage it runs is a run of its own in {@code runs}, so every model can be looked at
 * and evaluated again.
 */
public final class ExperimentJob {

    private static final Logger LOG = LoggerFactory.getLogger(ExperimentJob.class);
    static final String STAGE = "experiment";
    private static final int GALLERY = 8;

    private final SparkSession spark;
    private final ExperimentOptions options;
    private final JobContext context;
    private final Lake lake;

    public ExperimentJob(SparkSession spark, ExperimentOptions options) {
        this(spark, options, JobContext.system());
    }

    public ExperimentJob(SparkSession spark, ExperimentOptions options, JobContext context) {
        this.spark = requireNonNull(spark, "spark");
        this.options = requireNonNull(options, "options");
        this.context = requireNonNull(context, "context");
        this.lake = new Lake(spark, options.lake());
    }

    public ExperimentSummary run() throws IOException {
        try (JobRun run = JobRun.start(spark, lake, STAGE, context)) {
            return experiment(run);
        }
    }

    /** What one trained model was. */
    private record Trained(Arm arm, long seed, SelfTraining.Result result) {

        TrainSummary summary() {
            return result.model();
        }
    }

    private ExperimentSummary experiment(JobRun run) throws IOException {
        Map<Arm, String> labelRuns = categorize(run);
        List<Trained> trained = new ArrayList<>();
        int total = options.arms().size() * options.seeds().size();
        for (Arm arm : options.arms()) {
            for (long seed : options.seeds()) {
                run.step(String.format(
                        Locale.ROOT, "arm %s, seed %d (%d/%d)", arm.id(), seed, trained.size() + 1, total));
                SelfTraining.Result result = trainOrReuse(arm, seed, labelRuns.get(arm));
                String model = result.model().modelId();
                if (!detected(model)) {
                    new DetectJob(spark, new DetectOptions(options.lake(), model, options.split()), context).run();
                }
                trained.add(new Trained(arm, seed, result));
                System.err.printf(
                        Locale.ROOT,
                        "experiment: %d/%d trained (arm %s, seed %d, model %s, %.0f s)%n",
                        trained.size(),
                        total,
                        arm.id(),
                        seed,
                        model,
                        result.model().seconds());
            }
        }
        run.step("evaluate " + trained.size() + " models");
        List<String> models = trained.stream().map(t -> t.summary().modelId()).toList();
        EvaluateSummary evaluation = new EvaluateJob(
                        spark,
                        new EvaluateOptions(options.lake(), models, options.split(), options.truth(), GALLERY, 1),
                        context)
                .run();
        List<ArmResult> arms = new ArrayList<>();
        for (Arm arm : options.arms()) {
            List<Trained> of = trained.stream().filter(t -> t.arm() == arm).toList();
            arms.add(new ArmResult(
                    arm,
                    labelRuns.get(arm),
                    of.get(0).summary().classes(),
                    of.stream().map(Trained::seed).toList(),
                    of.stream().map(t -> t.summary().modelId()).toList(),
                    of.stream()
                            .map(t -> evaluation.model(t.summary().modelId()))
                            .toList(),
                    of.stream().map(Trained::result).toList()));
        }
        ExperimentReport report = new ExperimentReport(
                lake.reports(STAGE, run.id()), spark.sparkContext().hadoopConfiguration());
        ExperimentSummary summary = new ExperimentSummary(
                run.id(),
                options.split(),
                evaluation.images(),
                evaluation.lesions(),
                evaluation.completeTruthBoxes(),
                arms,
                evaluation.baseline(),
                evaluation.runId(),
                report.dir(),
                run.seconds());
        report.write(summary, options);
        LOG.info(
                "experiment {}: {} arms x {} seeds, report {}",
                run.id(),
                arms.size(),
                options.seeds().size(),
                report.dir());
        return run.succeeded(summary, parameters(labelRuns));
    }

    /** A reused model as the arm needs it, or a new one trained with the arm's classes and the seed. */
    private SelfTraining.Result trainOrReuse(Arm arm, long seed, String labelRun) throws IOException {
        String reused = options.reused(arm, seed);
        if (reused == null) {
            return new SelfTraining(spark, trainOptions(arm, labelRun).withSeed(seed), context).run();
        }
        TrainedModel model = TrainedModel.read(spark, options.lake(), reused);
        String classes = trainOptions(arm, labelRun).classes();
        if (!model.classes().equals(classes) || (labelRun != null && !labelRun.equals(model.labelRun()))) {
            throw new IllegalArgumentException("--reuse " + ExperimentOptions.reuseKey(arm, seed) + "=" + reused
                    + ": that model was trained with --classes " + model.classes()
                    + (model.labelRun() == null ? "" : " of categorize run " + model.labelRun()) + ", not what arm "
                    + arm.id() + " trains");
        }
        return new SelfTraining.Result(model.summary(), List.of(), List.of());
    }

    /** Whether the model's detections on the split are in the lake already. */
    private boolean detected(String model) {
        return lake.read(LakeTable.DETECTIONS)
                .map(d -> !d.filter(
                                col("model_id").equalTo(model).and(col("split").equalTo(options.split())))
                        .isEmpty())
                .orElse(false);
    }

    /**
     * One categorisation per kind of pseudo label the arms need; an arm whose models are all reused takes the
     * categorisation they were trained with.
     */
    private Map<Arm, String> categorize(JobRun run) throws IOException {
        Map<Arm, String> labelRuns = new EnumMap<>(Arm.class);
        String chosen = null;
        for (Arm arm : options.arms()) {
            String reusedLabels = reusedLabelRun(arm);
            if (reusedLabels != null) {
                labelRuns.put(arm, reusedLabels);
                if (arm == Arm.PSEUDO || arm == Arm.PSEUDO_AWARE) {
                    chosen = chosen == null ? reusedLabels : chosen;
                }
            }
        }
        for (Arm arm : options.arms()) {
            if (labelRuns.containsKey(arm)) {
                continue;
            }
            if (arm == Arm.PSEUDO || arm == Arm.PSEUDO_AWARE) {
                if (chosen == null) {
                    run.step("categorize, k by silhouette over " + options.kMin() + ".." + options.kMax());
                    chosen = categorize(options.k()).runId();
                }
                labelRuns.put(arm, chosen);
            } else if (arm == Arm.PSEUDO_TRUE_K) {
                int k = trueTypeCount();
                run.step("categorize, k = " + k + " true types");
                labelRuns.put(arm, categorize(k).runId());
            }
        }
        return labelRuns;
    }

    /** The label run of a pseudo-label arm whose every seed reuses a model, or null. */
    private String reusedLabelRun(Arm arm) throws IOException {
        if (!arm.pseudoLabels()) {
            return null;
        }
        String labelRun = null;
        for (long seed : options.seeds()) {
            String reused = options.reused(arm, seed);
            if (reused == null) {
                return null;
            }
            labelRun = TrainedModel.read(spark, options.lake(), reused).labelRun();
        }
        return labelRun;
    }

    private CategorizeSummary categorize(Integer k) throws IOException {
        CategorizeOptions categorize = new CategorizeOptions(
                options.lake(),
                k,
                options.kMin(),
                options.kMax(),
                options.categorizeRounds(),
                0.9,
                4,
                64,
                1,
                null,
                options.truth(),
                CropGeometry.defaults());
        CategorizeSummary summary = new CategorizeJob(spark, categorize, context).run();
        System.err.println(summary.line());
        return summary;
    }

    /** How many lesion types the truth gives the lake's lesions. */
    private int trueTypeCount() throws IOException {
        Dataset<Row> lesions = lake.read(LakeTable.LESIONS)
                .orElseThrow(() -> new IllegalArgumentException(
                        lake.path(LakeTable.LESIONS) + ": there is no lesions table; run mine first"));
        int k = new HashSet<>(TrueTypes.of(lesions, options.truth()).values()).size();
        if (k < 2) {
            throw new IllegalArgumentException(options.truth() + ": the lake's lesions have " + k
                    + " true type(s); arm pseudo-k needs at least 2");
        }
        return k;
    }

    private TrainOptions trainOptions(Arm arm, String labelRun) {
        TrainOptions.Extras base = options.training().extras();
        String classes = switch (arm) {
            case SINGLE -> TrainOptions.SINGLE;
            case TRUTH -> TrainOptions.TRUTH;
            case PSEUDO, PSEUDO_TRUE_K, PSEUDO_AWARE -> TrainOptions.PSEUDO;
        };
        return options.training()
                .withClasses(
                        classes,
                        new TrainOptions.Extras(
                                labelRun,
                                options.truth(),
                                arm == Arm.PSEUDO_AWARE,
                                base.selfTrainingRounds(),
                                base.mineScore(),
                                null,
                                base.hardMining(),
                                base.sectionReach(),
                                base.partTarget(),
                                base.averageLast()));
    }

    private Map<String, String> parameters(Map<Arm, String> labelRuns) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("lake", options.lake());
        p.put("truth", options.truth());
        p.put("split", options.split());
        p.put("arms", String.join(",", options.arms().stream().map(Arm::id).toList()));
        p.put(
                "seeds",
                String.join(",", options.seeds().stream().map(String::valueOf).toList()));
        labelRuns.forEach((arm, id) -> p.put("label_run." + arm.id(), id));
        p.put("proposal_epochs", Integer.toString(options.training().proposalEpochs()));
        p.put("region_epochs", Integer.toString(options.training().regionEpochs()));
        p.put("geometry", options.training().geometry().toString());
        return p;
    }
}
