package io.decidr.workflows.job;

/** What became of one item of a job's chunk: a row of an import, an entity of a formula or rollup. */
sealed interface ItemOutcome {

    ItemOutcome CREATED = new Created();
    ItemOutcome UPDATED = new Updated();
    ItemOutcome UNCHANGED = new Unchanged();

    /** An import's row became an entity (now, or in an attempt before). */
    record Created() implements ItemOutcome {
    }

    /** The job wrote a value on the entity (now, or in an attempt before). */
    record Updated() implements ItemOutcome {
    }

    /** Nothing to write: the value was already the result, or the entity is archived. */
    record Unchanged() implements ItemOutcome {
    }

    /** The item could not be done, for a reason about the user's data or expression: skipped, or the job stops. */
    record Refused(String why) implements ItemOutcome {
    }
}
