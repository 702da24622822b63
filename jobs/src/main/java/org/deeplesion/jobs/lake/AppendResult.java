package org.deeplesion.jobs.lake;

/**
 * What {@link Lake#insertNew} committed.
 *
 * @param files data files committed
 * @param rows rows committed
 * @param duplicates rows written but left out, their keys being in the table already or earlier in the same rows
 * @param attempts transactions tried, the one that committed included; more than one when other runs committed to
 *     the table meanwhile
 */
public record AppendResult(int files, long rows, long duplicates, int attempts) {

    static final AppendResult NOTHING = new AppendResult(0, 0, 0, 0);
}
