package org.deeplesion.evaluation;

/**
 * The FROC curve after one more detection, in score order: counting every detection scored at least {@code score}.
 */
public record FrocPoint(double score, double falsePositivesPerImage, double sensitivity) {}
