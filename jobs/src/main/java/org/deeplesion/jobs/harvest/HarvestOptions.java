package org.deeplesion.jobs.harvest;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.time.LocalDate;
import org.deeplesion.dicomweb.DicomWebSettings;

/**
 * What {@code harvest} retrieves and how.
 *
 * @param pacs the DICOMweb server and its credentials
 * @param archiveRoot URI of the archive folder the instances are written to ({@code file:}, {@code hdfs:},
 *     {@code s3a:})
 * @param lakeRoot URI of the lake whose {@code harvests} table records what was retrieved
 * @param studiesSince only studies of this date or later, or null for all
 * @param modality only studies with a series of this modality ({@code ModalitiesInStudy}), or null for all
 * @param bookmarkedOnly only studies holding measurement objects (presentation states, structured reports, key object
 *     selections), and of their image series only the slices within {@code contextMm} of a referenced slice
 * @param contextMm with {@code bookmarkedOnly}: how far around each key slice slices are kept
 * @param maxConnections the most requests open against the server at once, in the whole cluster
 * @param secret keys the pseudonymous folder and file names of the archive
 */
public record HarvestOptions(
        DicomWebSettings pacs,
        String archiveRoot,
        String lakeRoot,
        LocalDate studiesSince,
        String modality,
        boolean bookmarkedOnly,
        double contextMm,
        int maxConnections,
        byte[] secret)
        implements Serializable {

    public HarvestOptions {
        requireNonNull(pacs, "pacs");
        requireNonNull(archiveRoot, "archiveRoot");
        requireNonNull(lakeRoot, "lakeRoot");
        requireNonNull(secret, "secret");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("--max-connections must be at least 1, not " + maxConnections);
        }
        if (!(contextMm >= 0)) {
            throw new IllegalArgumentException("--context-mm must be 0 or more, not " + contextMm);
        }
        archiveRoot = archiveRoot.endsWith("/") ? archiveRoot.substring(0, archiveRoot.length() - 1) : archiveRoot;
    }
}
