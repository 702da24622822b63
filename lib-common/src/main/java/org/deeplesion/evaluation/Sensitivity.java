package org.deeplesion.evaluation;

/** The share of ground-truth boxes found at an operating point of so many false positives per image. */
public record Sensitivity(double falsePositivesPerImage, double sensitivity) {}
