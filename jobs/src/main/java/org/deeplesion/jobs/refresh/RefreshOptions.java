package org.deeplesion.jobs.refresh;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.deeplesion.jobs.categorize.CategorizeOptions;
import org.deeplesion.jobs.harvest.HarvestOptions;
import org.deeplesion.jobs.ingest.IngestOptions;
import org.deeplesion.jobs.mine.MineOptions;

/**
 * @param ingest what the ingest stage reads and how
 * @param mine how the mine stage splits and keys; it reads only the presentation states a refresh finds new
 * @param categorize how the categorize stage clusters, or null to leave categorisation out of refreshes
 * @param lockExpiry a refresh lock older than this is taken over as stale
 * @param breakLock take over the refresh lock even when its holder may still be running
 * @param harvest what to retrieve from a PACS into the archive before the stages run, or null to read the archive as
 *     it is
 */
public record RefreshOptions(
        IngestOptions ingest,
        MineOptions mine,
        CategorizeOptions categorize,
        Duration lockExpiry,
        boolean breakLock,
        HarvestOptions harvest) {

    /** A refresh of an archive folder as it is, without a harvest. */
    public RefreshOptions(
            IngestOptions ingest,
            MineOptions mine,
            CategorizeOptions categorize,
            Duration lockExpiry,
            boolean breakLock) {
        this(ingest, mine, categorize, lockExpiry, breakLock, null);
    }

    public RefreshOptions {
        requireNonNull(ingest, "ingest");
        requireNonNull(mine, "mine");
        requireNonNull(lockExpiry, "lockExpiry");
        if (!ingest.lakeRoot().equals(mine.lakeRoot())) {
            throw new IllegalArgumentException(
                    "ingest and mine must write the same lake, were " + ingest.lakeRoot() + " and " + mine.lakeRoot());
        }
        if (categorize != null && !categorize.lake().equals(ingest.lakeRoot())) {
            throw new IllegalArgumentException("ingest and categorize must use the same lake, were " + ingest.lakeRoot()
                    + " and " + categorize.lake());
        }
        if (harvest != null && !harvest.lakeRoot().equals(ingest.lakeRoot())) {
            throw new IllegalArgumentException("harvest and ingest must use the same lake, were " + harvest.lakeRoot()
                    + " and " + ingest.lakeRoot());
        }
        if (harvest != null && !ingest.inputs().contains(harvest.archiveRoot())) {
            throw new IllegalArgumentException(
                    "ingest must read the archive the harvest writes, " + harvest.archiveRoot());
        }
        if (lockExpiry.isNegative() || lockExpiry.isZero()) {
            throw new IllegalArgumentException("lock expiry must be positive, was " + lockExpiry);
        }
    }

    public String lakeRoot() {
        return ingest.lakeRoot();
    }
}
