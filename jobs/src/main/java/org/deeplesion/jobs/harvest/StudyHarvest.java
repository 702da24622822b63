package org.deeplesion.jobs.harvest;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.deeplesion.ct.ContextWindow;
import org.deeplesion.ct.SliceHeader;
import org.deeplesion.dicom.DicomReader;
import org.deeplesion.dicom.References;
import org.deeplesion.dicomweb.DicomJson;
import org.deeplesion.dicomweb.DicomWebClient;
import org.deeplesion.jobs.spark.HadoopConf;

/**
 * Executor side of {@link HarvestJob}: harvests the studies of one task, one request at a time, so that a harvest of
 * N tasks never has more than N requests open against the server. A study whose series all have the instance counts
 * the {@code harvests} table recorded is left alone; otherwise its series are retrieved (whole, or around their key
 * slices with {@code bookmarkedOnly}), skipping instances the archive already has. Returns one {@link
 * HarvestedSeries} row per series of each study it looked into.
 */
final class StudyHarvest implements FlatMapFunction<Iterator<String>, Row> {

    private static final long serialVersionUID = 1L;
    /** DICOM JSON tags (PS3.18 F.2) of the attributes a harvest reads. */
    static final String SERIES_UID = "0020000E";
    static final String SOP_UID = "00080018";
    static final String MODALITY = "00080060";
    static final String INSTANCES = "00201209";
    static final String POSITION = "00200032";
    static final String ORIENTATION = "00200037";
    static final String INSTANCE_NUMBER = "00200013";
    /** Series whose objects hold measurements and their references: presentation states, SR, key object selections. */
    private static final Set<String> MEASUREMENT_MODALITIES = Set.of("PR", "SR", "KO");

    private final HarvestOptions options;
    private final HadoopConf conf;
    /** "study/series" to the instance count the last harvest of that series saw on the server. */
    private final Map<String, Integer> harvested;
    private final LongAccumulator studiesDone;

    StudyHarvest(HarvestOptions options, HadoopConf conf, Map<String, Integer> harvested, LongAccumulator studiesDone) {
        this.options = requireNonNull(options, "options");
        this.conf = requireNonNull(conf, "conf");
        this.harvested = Map.copyOf(harvested);
        this.studiesDone = requireNonNull(studiesDone, "studiesDone");
    }

    @Override
    public Iterator<Row> call(Iterator<String> studies) throws IOException, InterruptedException {
        ArchiveFolder archive = new ArchiveFolder(conf.get(), options.archiveRoot(), options.secret());
        List<Row> out = new ArrayList<>();
        try (DicomWebClient pacs = new DicomWebClient(options.pacs())) {
            while (studies.hasNext()) {
                String study = studies.next();
                try {
                    for (HarvestedSeries s : harvest(pacs, archive, study)) {
                        out.add(s.toRow());
                    }
                } catch (IOException e) {
                    throw new IOException("study " + study + ": " + e.getMessage(), e);
                }
                studiesDone.add(1);
            }
        }
        return out.iterator();
    }

    private List<HarvestedSeries> harvest(DicomWebClient pacs, ArchiveFolder archive, String study)
            throws IOException, InterruptedException {
        List<DicomJson> series = pacs.searchSeries(study);
        boolean unchanged = true;
        for (DicomJson s : series) {
            Integer count = s.integer(INSTANCES);
            unchanged &= count != null && count.equals(harvested.get(study + "/" + s.string(SERIES_UID)));
        }
        if (unchanged) {
            return List.of();
        }
        return options.bookmarkedOnly() ? aroundBookmarks(pacs, archive, study, series)
                : whole(pacs, archive, study, series);
    }

    private List<HarvestedSeries> whole(DicomWebClient pacs, ArchiveFolder archive, String study,
            List<DicomJson> series) throws IOException, InterruptedException {
        List<HarvestedSeries> out = new ArrayList<>();
        for (DicomJson s : series) {
            String uid = s.string(SERIES_UID);
            int onServer = s.integer(INSTANCES) == null ? -1 : s.integer(INSTANCES);
            if (harvested.containsKey(study + "/" + uid) && harvested.get(study + "/" + uid) == onServer) {
                continue;
            }
            Tally tally = new Tally();
            pacs.retrieveSeries(study, uid, part -> tally.add(archive.write(study, uid, part)));
            out.add(new HarvestedSeries(study, uid, s.string(MODALITY), onServer, tally.retrieved, tally.bytes));
        }
        return out;
    }

    /**
     * The study's measurement objects, and of its image series the slices within the context of a slice they refer
     * to; nothing from a study without measurement objects.
     */
    private List<HarvestedSeries> aroundBookmarks(DicomWebClient pacs, ArchiveFolder archive, String study,
            List<DicomJson> series) throws IOException, InterruptedException {
        List<HarvestedSeries> out = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        DicomReader headers = new DicomReader(DicomReader.Options.headersOnly());
        for (DicomJson s : series) {
            if (!MEASUREMENT_MODALITIES.contains(s.string(MODALITY))) {
                continue;
            }
            String uid = s.string(SERIES_UID);
            Tally tally = new Tally();
            pacs.retrieveSeries(study, uid, part -> {
                ArchiveFolder.Received received = archive.write(study, uid, part);
                tally.add(received);
                Path file = archive.instance(study, uid, received.sopInstanceUid());
                try (InputStream in = file.getFileSystem(conf.get()).open(file)) {
                    keys.addAll(References.sopInstanceUids(headers.read(file.toString(), in, received.bytes())
                            .dataset()));
                }
            });
            out.add(new HarvestedSeries(study, uid, s.string(MODALITY), count(s), tally.retrieved, tally.bytes));
        }
        if (out.isEmpty()) {
            return out;
        }
        for (DicomJson s : series) {
            if (MEASUREMENT_MODALITIES.contains(s.string(MODALITY))
                    || options.modality() != null && !options.modality().equals(s.string(MODALITY))) {
                continue;
            }
            String uid = s.string(SERIES_UID);
            List<ContextWindow.Slice> slices = new ArrayList<>();
            for (DicomJson instance : pacs.seriesMetadata(study, uid)) {
                double[] position = instance.doubles(POSITION);
                double[] orientation = instance.doubles(ORIENTATION);
                slices.add(new ContextWindow.Slice(instance.string(SOP_UID), SliceHeader.normalPosition(
                        position.length == 0 ? null : position, orientation.length == 0 ? null : orientation,
                        instance.integer(INSTANCE_NUMBER))));
            }
            Tally tally = new Tally();
            for (String sop : ContextWindow.around(slices, keys, options.contextMm())) {
                if (!archive.contains(study, uid, sop)) {
                    pacs.retrieveInstance(study, uid, sop, part -> tally.add(archive.write(study, uid, part)));
                }
            }
            out.add(new HarvestedSeries(study, uid, s.string(MODALITY), count(s), tally.retrieved, tally.bytes));
        }
        return out;
    }

    private static int count(DicomJson series) {
        Integer n = series.integer(INSTANCES);
        return n == null ? -1 : n;
    }

    /** What one series' retrieval brought. */
    private static final class Tally {

        int retrieved;
        long bytes;

        void add(ArchiveFolder.Received received) {
            bytes += received.bytes();
            if (received.isNew()) {
                retrieved++;
            }
        }
    }
}
