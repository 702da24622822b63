package org.deeplesion.jobs.lake;

/**
 * Data files written into a table's folder, added to the table by one atomic commit, shaped like Iceberg's
 * {@code AppendFiles}: {@link #appendFile} collects the files, {@link #commit} adds them (or those of them the
 * implementation keeps) in one Delta commit, or none of them. An instance commits once.
 */
interface AppendFiles {

    /** Adds a written, not yet committed data file to this commit. */
    AppendFiles appendFile(DataFile file);

    /**
     * Commits the files appended, retrying when another run commits to the table first. Files written for this
     * commit and not in the table when it returns or throws are deleted.
     */
    AppendResult commit();
}
