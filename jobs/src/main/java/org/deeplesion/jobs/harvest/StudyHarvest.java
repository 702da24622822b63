package org.deeplesion.jobs.harvest;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.util.LongAccumulator;
import org.deeplesion.ct.ContextWindow;
import org.deeplesion.ct.SliceHeader;
import org.deeplesion.dicom.References;
import org.deeplesion.dicomweb.DicomJson;
import org.deeplesion.dicomweb.DicomWebClient;
import org.deeplesion.jobs.spark.HadoopConf;

/**
 * Executor side of {@link HarvestJob}: harvests the studies of one task over its share of the connections, one
 * request at a time on each, so that all tasks together never have more than {@code maxConnections} requests open
 * against the server. A study whose series all have the instance counts
 * the {@code harvests} table recorded is left alone; otherwise its series are retrieved (whole, or around their key
 * slices with {@code bookmarkedOnly}), skipping instances the archive already has. Returns one {@link
 * HarvestedSeries} per series of each study it looked into.
 */
final class StudyHarvest implements FlatMapFunction<Iterator<String>, HarvestedSeries> {

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
    private final int tasks;

    /** For {@code tasks} tasks that share {@code options.maxConnections()} between them. */
    StudyHarvest(
            HarvestOptions options,
            HadoopConf conf,
            Map<String, Integer> harvested,
            LongAccumulator studiesDone,
            int tasks) {
        if (tasks < 1 || tasks > options.maxConnections()) {
            throw new IllegalArgumentException(
                    "a harvest of " + options.maxConnections() + " connections cannot run " + tasks + " tasks");
        }
        this.tasks = tasks;
        this.options = requireNonNull(options, "options");
        this.conf = requireNonNull(conf, "conf");
        this.harvested = Map.copyOf(harvested);
        this.studiesDone = requireNonNull(studiesDone, "studiesDone");
    }

    @Override
    public Iterator<HarvestedSeries> call(Iterator<String> studies) throws IOException, InterruptedException {
        List<String> mine = new ArrayList<>();
        studies.forEachRemaining(mine::add);
        TaskContext task = TaskContext.get();
        int connections = connections(task == null ? 0 : task.partitionId());
        List<HarvestedSeries> out = new ArrayList<>();
        ExecutorService workers = Executors.newFixedThreadPool(Math.max(1, Math.min(connections, mine.size())));
        try (DicomWebClient pacs = new DicomWebClient(options.pacs())) {
            List<Future<List<HarvestedSeries>>> done = new ArrayList<>();
            for (String study : mine) {
                done.add(workers.submit(() -> {
                    try {
                        List<HarvestedSeries> series = harvest(
                                pacs, new ArchiveFolder(conf.get(), options.archiveRoot(), options.secret()), study);
                        studiesDone.add(1);
                        return series;
                    } catch (IOException e) {
                        throw new IOException("study " + study + ": " + e.getMessage(), e);
                    }
                }));
            }
            for (Future<List<HarvestedSeries>> f : done) {
                out.addAll(f.get());
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            workers.shutdownNow();
        }
        return out.iterator();
    }

    /**
     * This task's share of the connections: the tasks together open {@code maxConnections}, each its requests one at
     * a time per connection, since a core can wait on several responses at once.
     */
    private int connections(int partition) {
        return options.maxConnections() / tasks + (partition < options.maxConnections() % tasks ? 1 : 0);
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
        return options.bookmarkedOnly()
                ? aroundBookmarks(pacs, archive, study, series)
                : whole(pacs, archive, study, series);
    }

    private List<HarvestedSeries> whole(
            DicomWebClient pacs, ArchiveFolder archive, String study, List<DicomJson> series)
            throws IOException, InterruptedException {
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
     * to; of a study without measurement objects, nothing (its series are recorded, with none retrieved).
     */
    private List<HarvestedSeries> aroundBookmarks(
            DicomWebClient pacs, ArchiveFolder archive, String study, List<DicomJson> series)
            throws IOException, InterruptedException {
        List<HarvestedSeries> out = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (DicomJson s : series) {
            if (!MEASUREMENT_MODALITIES.contains(s.string(MODALITY))) {
                continue;
            }
            String uid = s.string(SERIES_UID);
            Tally tally = new Tally();
            pacs.retrieveSeries(study, uid, part -> {
                ArchiveFolder.Received received = archive.write(study, uid, part);
                tally.add(received);
                keys.addAll(References.sopInstanceUids(received.header()));
            });
            out.add(new HarvestedSeries(study, uid, s.string(MODALITY), count(s), tally.retrieved, tally.bytes));
        }
        if (out.isEmpty()) {
            // Nothing to retrieve, but recorded: the next harvest looks into the study again only once it changes.
            for (DicomJson s : series) {
                out.add(new HarvestedSeries(study, s.string(SERIES_UID), s.string(MODALITY), count(s), 0, 0));
            }
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
                slices.add(new ContextWindow.Slice(
                        instance.string(SOP_UID),
                        SliceHeader.normalPosition(
                                position.length == 0 ? null : position,
                                orientation.length == 0 ? null : orientation,
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
