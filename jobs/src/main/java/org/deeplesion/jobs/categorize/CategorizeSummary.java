package org.deeplesion.jobs.categorize;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplesion.jobs.run.JobSummary;

/** What one categorisation run did and where its report is. */
public record CategorizeSummary(
        String runId,
        long lesions,
        long rejects,
        int k,
        Map<Integer, Double> silhouetteByK,
        List<RoundResult> rounds,
        Map<Integer, Long> sizes,
        String report,
        double seconds)
        implements JobSummary {

    public RoundResult last() {
        return rounds.get(rounds.size() - 1);
    }

    @Override
    public String line() {
        RoundResult last = last();
        String truth = Double.isNaN(last.nmiTruth())
                ? ""
                : String.format(
                        Locale.ROOT, ", against true types NMI %.3f purity %.3f", last.nmiTruth(), last.purityTruth());
        return String.format(
                Locale.ROOT,
                "categorize: %d lesions in %d clusters after %d round(s), silhouette %.3f%s; "
                        + "%d rejects in %.1f s; report %s",
                lesions,
                k,
                rounds.size(),
                last.silhouette(),
                truth,
                rejects,
                seconds,
                report);
    }

    @Override
    public Map<String, Long> counts() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("lesions", lesions);
        c.put("rejects", rejects);
        c.put("k", (long) k);
        c.put("rounds", (long) rounds.size());
        return c;
    }

    /** The last round's silhouette, and each round's agreement with the round before and with the true types. */
    @Override
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("silhouette", last().silhouette());
        for (RoundResult r : rounds) {
            if (!Double.isNaN(r.nmiPrevious())) {
                m.put("nmi_previous_round_" + r.round(), r.nmiPrevious());
            }
            if (!Double.isNaN(r.nmiTruth())) {
                m.put("nmi_true_types_round_" + r.round(), r.nmiTruth());
                m.put("purity_true_types_round_" + r.round(), r.purityTruth());
            }
        }
        return m;
    }
}
