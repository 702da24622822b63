package org.deeplesion.jobs.refresh;

import java.util.List;
import java.util.Map;
import org.deeplesion.jobs.lake.LakeTable;
import org.deeplesion.jobs.run.JobContext;

/**
 * One stage of a refresh (ingest, mine, ...). A stage works on what is new: the rows its input tables gained since
 * the last successful refresh ({@link Increment}), or, for ingest, the archive's files the lake has not seen. A
 * stage must be idempotent (insert-only writes keyed by stable ids), because a refresh killed after some of its
 * commits runs the whole increment again.
 */
public interface RefreshStage {

    /** Lower-case name, used in the counts and watermarks recorded in {@code runs}. */
    String name();

    /** The lake tables whose new rows are this stage's work; their versions are the stage's watermark. */
    List<LakeTable> inputs();

    /** Runs the stage over the increment, in the refresh's context, and returns what it counted. */
    Map<String, Long> run(Increment increment, RefreshOptions options, JobContext context);
}
