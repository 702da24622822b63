package org.deeplesion.jobs.categorize;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What one categorisation run did and where its report is. */
public record CategorizeSummary(String runId, long lesions, long rejects, int k, Map<Integer, Double> silhouetteByK,
        List<RoundResult> rounds, Map<Integer, Long> sizes, String report, double seconds) {

    public RoundResult last() {
        return rounds.get(rounds.size() - 1);
    }

    public String line() {
        RoundResult last = last();
        String truth = Double.isNaN(last.nmiTruth()) ? "" : String.format(Locale.ROOT,
                ", against true types NMI %.3f purity %.3f", last.nmiTruth(), last.purityTruth());
        return String.format(Locale.ROOT, "categorize: %d lesions in %d clusters after %d round(s), silhouette %.3f%s; "
                + "%d rejects in %.1f s; report %s", lesions, k, rounds.size(), last.silhouette(), truth, rejects,
                seconds, report);
    }
}
