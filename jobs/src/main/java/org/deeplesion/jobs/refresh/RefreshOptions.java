package org.deeplesion.jobs.refresh;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.deeplesion.jobs.ingest.IngestOptions;
import org.deeplesion.jobs.mine.MineOptions;

/**
 * @param ingest what the ingest stage reads and how
 * @param mine how the mine stage splits and keys; it reads only the presentation states a refresh finds new
 * @param lockExpiry a refresh lock older than this is taken over as stale
 * @param breakLock take over the refresh lock even when its holder may still be running
 */
public record RefreshOptions(IngestOptions ingest, MineOptions mine, Duration lockExpiry, boolean breakLock) {

    public RefreshOptions {
        requireNonNull(ingest, "ingest");
        requireNonNull(mine, "mine");
        requireNonNull(lockExpiry, "lockExpiry");
        if (!ingest.lakeRoot().equals(mine.lakeRoot())) {
            throw new IllegalArgumentException("ingest and mine must write the same lake, were " + ingest.lakeRoot()
                    + " and " + mine.lakeRoot());
        }
        if (lockExpiry.isNegative() || lockExpiry.isZero()) {
            throw new IllegalArgumentException("lock expiry must be positive, was " + lockExpiry);
        }
    }

    public String lakeRoot() {
        return ingest.lakeRoot();
    }
}
