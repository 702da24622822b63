package org.deeplesion.jobs.detect;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.run.JobContext;

/**
 * Training with self-training rounds, in the style of NIH's Lesion-Harvester: a first model trains on the bookmarks;
 * in each round the latest model mines lesions nobody bookmarked on the training key slices ({@link LesionMining}),
 * and a new model trains from scratch on the bookmarks plus what was mined. With no rounds it is one training run.
 * Each model is a run of its own under {@code models/}; the last one is the result. A model trained before can be the
 * first teacher ({@link TrainOptions.Extras#teacher()}), which spares training it again.
 */
public final class SelfTraining {

    private final SparkSession spark;
    private final TrainOptions options;
    private final JobContext context;

    public SelfTraining(SparkSession spark, TrainOptions options) {
        this(spark, options, JobContext.system());
    }

    public SelfTraining(SparkSession spark, TrainOptions options, JobContext context) {
        this.spark = requireNonNull(spark, "spark");
        this.options = requireNonNull(options, "options");
        this.context = requireNonNull(context, "context");
    }

    /**
     * @param model the last model trained
     * @param teachers the models before it, first trained first (a given first teacher is not among them)
     * @param rounds what each round mined
     */
    public record Result(TrainSummary model, List<TrainSummary> teachers, List<LesionMining.Round> rounds) {

        public Result {
            requireNonNull(model, "model");
            teachers = List.copyOf(teachers);
            rounds = List.copyOf(rounds);
        }

        /** One line per round: how many lesions it mined and, against a complete truth, how many were real. */
        public List<String> roundLines() {
            return rounds.stream().map(LesionMining.Round::line).toList();
        }
    }

    public Result run() throws IOException {
        Lake lake = new Lake(spark, options.lake());
        String given = options.extras().teacher();
        TrainOptions training =
                options.withClasses(options.classes(), options.extras().withoutTeacher());
        TrainSummary model = given == null ? new TrainJob(spark, training, context).run() : null;
        List<String> classes = options.extras().selfTrainingRounds() > 0
                ? ClassLabels.of(lake, options.classes(), options.extras()).names()
                : List.of();
        List<TrainSummary> teachers = new ArrayList<>();
        List<LesionMining.Round> rounds = new ArrayList<>();
        for (int round = 1; round <= options.extras().selfTrainingRounds(); round++) {
            String teacher = model == null ? given : model.modelId();
            LesionMining.Round mined = LesionMining.mine(spark, lake, teacher, training, classes, round);
            rounds.add(mined);
            if (model != null) {
                teachers.add(model);
            }
            model = new TrainJob(spark, training, context, mined.mined()).run();
        }
        return new Result(model, teachers, rounds);
    }
}
