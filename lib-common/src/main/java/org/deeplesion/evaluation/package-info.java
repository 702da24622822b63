/**
 * How detectors are scored, by the DeepLesion protocol: FROC sensitivity at 0.5 to 16 false positives per image,
 * a detection finding a lesion at IoU >= 0.5, overall and per class, and the random-box baseline to compare with.
 */
package org.deeplesion.evaluation;
