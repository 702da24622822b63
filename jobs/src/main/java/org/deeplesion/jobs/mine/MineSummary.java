package org.deeplesion.jobs.mine;

import java.util.Locale;
import java.util.Map;

/** What one mining run did: lesions in the lake after it, by source and split, and what it rejected. */
public record MineSummary(String runId, long lesions, long newLesions, Map<String, Long> bySource,
        Map<String, Long> bySplit, long rejects, double seconds) {

    public String line() {
        return String.format(Locale.ROOT, "mine: %d lesions (%d new) by source %s, by split %s; %d rejects in %.1f s",
                lesions, newLesions, bySource, bySplit, rejects, seconds);
    }
}
