package org.deeplesion.synth;

/**
 * An ellipsoid lesion's semi-axes in millimetres: {@code a} and {@code b} in the axial plane (a along the lesion's
 * rotation), {@code c} along the body's long axis.
 */
public record SemiAxes(double a, double b, double c) {}
