package org.deeplesion.jobs.run;

import java.util.Map;

/**
 * What a finished run reports: the console's one line and the counts and metrics of its {@code runs} row. A job's
 * summary record implements it, so that the row and the line cannot disagree.
 */
public interface JobSummary {

    /** The one-line console summary. */
    String line();

    /** The run's counts, in the {@code runs} row's {@code counts} column. */
    Map<String, Long> counts();

    /** The run's measures (rates, seconds), in the {@code runs} row's {@code metrics} column. */
    Map<String, Double> metrics();
}
