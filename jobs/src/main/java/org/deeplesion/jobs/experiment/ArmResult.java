package org.deeplesion.jobs.experiment;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deeplesion.detect.LesionClasses;
import org.deeplesion.evaluation.ClassSensitivity;
import org.deeplesion.evaluation.FrocResult;
import org.deeplesion.evaluation.Sensitivity;
import org.deeplesion.jobs.detect.EvaluateSummary;
import org.deeplesion.jobs.detect.EvaluateSummary.Evaluation;
import org.deeplesion.jobs.detect.SelfTraining;

/**
 * One arm's models, one per seed, and their FROC figures summarised over the seeds.
 *
 * @param labelRun the categorisation run whose clusters were the classes, or null
 * @param classes the detector's class count
 * @param models the model ids, in seed order
 * @param evaluations each model's evaluation, in seed order, each against the cohort's complete truth too
 * @param trainings each seed's training (with its self-training rounds, if any), in seed order
 */
public record ArmResult(
        Arm arm,
        String labelRun,
        int classes,
        List<Long> seeds,
        List<String> models,
        List<Evaluation> evaluations,
        List<SelfTraining.Result> trainings) {

    public ArmResult {
        requireNonNull(arm, "arm");
        seeds = List.copyOf(seeds);
        models = List.copyOf(models);
        evaluations = List.copyOf(evaluations);
        trainings = List.copyOf(trainings);
        if (models.size() != seeds.size() || evaluations.size() != seeds.size() || trainings.size() != seeds.size()) {
            throw new IllegalArgumentException(arm.id() + ": " + seeds.size() + " seeds but " + models.size()
                    + " models and " + evaluations.size() + " evaluations");
        }
        for (Evaluation e : evaluations) {
            if (e.completeTruth().isEmpty()) {
                throw new IllegalArgumentException(
                        arm.id() + ": model " + e.name() + " was not evaluated against the complete truth");
            }
        }
    }

    /** The training seconds of each seed's model, its self-training rounds' models included. */
    public List<Double> trainSeconds() {
        return trainings.stream()
                .map(t -> t.model().seconds()
                        + t.teachers().stream().mapToDouble(m -> m.seconds()).sum())
                .toList();
    }

    /** Sensitivity against the bookmarks at each false-positive rate (in the protocol's order), over the seeds. */
    public Map<String, Spread> bookmarked() {
        return byRate(evaluations.stream().map(Evaluation::bookmarked).toList());
    }

    /** The same against the complete truth. */
    public Map<String, Spread> complete() {
        return byRate(evaluations.stream().map(ArmResult::complete).toList());
    }

    public Spread bookmarkedMean() {
        return Spread.of(
                evaluations.stream().map(e -> e.bookmarked().meanSensitivity()).toList());
    }

    public Spread completeMean() {
        return Spread.of(
                evaluations.stream().map(e -> complete(e).meanSensitivity()).toList());
    }

    /** Per true type (the complete truth's classes), sensitivity at each rate over the seeds. */
    public Map<String, Map<String, Spread>> perType() {
        Map<Integer, List<List<Sensitivity>>> byClass = new TreeMap<>();
        for (Evaluation e : evaluations) {
            for (ClassSensitivity c : complete(e).perClass()) {
                byClass.computeIfAbsent(c.classIndex(), k -> new ArrayList<>()).add(c.sensitivities());
            }
        }
        Map<String, Map<String, Spread>> out = new LinkedHashMap<>();
        byClass.forEach((c, runs) -> out.put(LesionClasses.name(c), spread(runs)));
        return out;
    }

    private static Map<String, Spread> byRate(List<FrocResult> results) {
        return spread(results.stream().map(FrocResult::sensitivities).toList());
    }

    private static Map<String, Spread> spread(List<List<Sensitivity>> runs) {
        Map<String, Spread> out = new LinkedHashMap<>();
        for (int i = 0; i < runs.get(0).size(); i++) {
            int at = i;
            out.put(
                    EvaluateSummary.rate(runs.get(0).get(i).falsePositivesPerImage()),
                    Spread.of(runs.stream().map(r -> r.get(at).sensitivity()).toList()));
        }
        return out;
    }

    private static FrocResult complete(Evaluation e) {
        return e.completeTruth().orElseThrow().lesions();
    }
}
