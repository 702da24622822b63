package org.deeplesion.detect;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplesion.recist.BoundingBox;
import org.deeplesion.recist.ImageSize;

/**
 * The two stages together: proposals on the whole image (with {@link DetectorSettings#flip}, from the mean of the
 * image's and its mirror image's centre maps), each scored ({@link #score}) and refined by the region classifier, then
 * class-agnostic NMS. Not thread-safe (DL4J networks are not); use one per thread.
 */
public final class LesionDetector {

    private final DetectorGeometry geometry;
    private final DetectorSettings settings;
    private final ComputationGraph proposals;
    private final ComputationGraph classifier;
    private final AnchorSize sizePrior;

    /** @param sizePrior the proposal network's size prior, in detector image pixels */
    public LesionDetector(
            DetectorGeometry geometry,
            DetectorSettings settings,
            ComputationGraph proposals,
            ComputationGraph classifier,
            AnchorSize sizePrior) {
        this.geometry = requireNonNull(geometry, "geometry");
        this.sizePrior = requireNonNull(sizePrior, "sizePrior");
        this.settings = requireNonNull(settings, "settings");
        this.proposals = requireNonNull(proposals, "proposals");
        this.classifier = requireNonNull(classifier, "classifier");
    }

    /**
     * Detections on one key slice, boxes on the original slice.
     *
     * @param slice the original slice's size, to which boxes are clipped
     */
    public List<Detection> detect(String imageKey, DetectorImage image, ImageSize slice) {
        requireNonNull(image, "image");
        requireNonNull(slice, "slice");
        List<Proposal> candidates = ProposalNetwork.propose(
                proposals, image, sizePrior, settings.proposals(), settings.proposalNmsIou(), settings.flip());
        List<float[]> regions = new ArrayList<>(candidates.size());
        for (Proposal p : candidates) {
            regions.add(RegionClassifier.region(image, p.box(), geometry));
        }
        RegionScore[] scores = RegionClassifier.score(classifier, regions, geometry);
        List<Detection> detections = new ArrayList<>(candidates.size());
        for (int i = 0; i < scores.length; i++) {
            BoundingBox refined = BoxCoder.REFINEMENT.decode(candidates.get(i).box(), scores[i].refinement());
            detections.add(new Detection(
                    imageKey,
                    BoxCoder.clip(image.toSlice(refined), slice),
                    score(candidates.get(i), scores[i]),
                    scores[i].classIndex()));
        }
        List<Detection> kept = Nms.suppress(detections, settings.detectionNmsIou());
        return kept.size() > settings.maxDetections() ? kept.subList(0, settings.maxDetections()) : kept;
    }

    /**
     * A detection's lesion score: the proposal's objectness times the region classifier's lesion probability, as
     * a probabilistic two-stage detector reads them (P(lesion) = P(object) P(lesion | object), CenterNet2). The
     * region classifier is trained on proposals only, so its probability is conditional on one; and the ranking
     * keeps what the proposal network knows where the classifier cannot tell two regions apart.
     */
    static double score(Proposal proposal, RegionScore region) {
        return proposal.score() * region.lesion();
    }
}
