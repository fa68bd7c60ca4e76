package io.decidr.workflows.archive;

/**
 * What this saga has done to one page: counted again when a step runs again (its commands then write nothing more).
 *
 * @param entities the entities it archived (restored, in a compensation)
 * @param links    the links into them it removed (put back, in a compensation)
 */
public record PageDone(int entities, int links) {
}
