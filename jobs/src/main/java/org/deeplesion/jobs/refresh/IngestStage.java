package org.deeplesion.jobs.refresh;

import java.util.List;
import java.util.Map;
import org.deeplesion.jobs.ingest.IngestJob;
import org.deeplesion.jobs.ingest.IngestSummary;
import org.deeplesion.jobs.lake.LakeTable;
import org.deeplesion.jobs.run.JobContext;

/**
 * Ingest as a refresh stage. Its work is not a table increment but the archive's files the lake has not recorded
 * (URI, size, modification time): ingest itself skips the rest without reading them, and writes nothing when
 * nothing is new.
 */
final class IngestStage implements RefreshStage {

    @Override
    public String name() {
        return "ingest";
    }

    @Override
    public List<LakeTable> inputs() {
        return List.of();
    }

    @Override
    public Map<String, Long> run(Increment increment, RefreshOptions options, JobContext context) {
        IngestSummary s = new IngestJob(increment.lake().spark(), options.ingest(), context).run();
        return s.counts();
    }
}
