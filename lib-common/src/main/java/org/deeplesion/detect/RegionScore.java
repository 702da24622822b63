package org.deeplesion.detect;

/**
 * The region classifier's verdict on one proposal.
 *
 * @param lesion 1 - P(background)
 * @param classIndex the most likely lesion class, 0-based
 * @param refinement how to move the proposal's box
 */
public record RegionScore(double lesion, int classIndex, BoxDelta refinement) {}
