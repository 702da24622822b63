package org.deeplesion.synth;

/** A point or vector in millimetres. */
public record Point3(double x, double y, double z) {}
