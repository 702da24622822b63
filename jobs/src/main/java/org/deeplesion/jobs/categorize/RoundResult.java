package org.deeplesion.jobs.categorize;

/**
 * One embedding-clustering round as the report shows it.
 *
 * @param nmiPrevious agreement with the previous round's assignments, NaN in round 1
 * @param nmiTruth agreement with the true types where known, NaN otherwise
 * @param purityTruth purity against the true types where known, NaN otherwise
 */
public record RoundResult(
        int round,
        int k,
        double silhouette,
        double nmiPrevious,
        double nmiTruth,
        double purityTruth,
        double embedSeconds,
        double clusterSeconds,
        double trainSeconds) {}
