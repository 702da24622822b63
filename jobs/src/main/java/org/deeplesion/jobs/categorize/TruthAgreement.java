package org.deeplesion.jobs.categorize;

/**
 * How a round's clusters agree with the lesions' true types, over the lesions whose type is known.
 *
 * @param nmi normalised mutual information, NaN when no type is known
 * @param purity the share of lesions in their cluster's most common type, NaN when no type is known
 */
record TruthAgreement(double nmi, double purity) {}
