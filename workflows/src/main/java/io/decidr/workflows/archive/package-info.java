/**
 * Archiving a collection as a cancellable saga: page by page, archive the collection's entities and unlink the live
 * entities of other collections that link into them; then archive the collection. A cancel (or a refusal, or a step out
 * of retries) before the collection is archived puts back what the saga did: it restores the entities it archived and
 * re-links what it unlinked. Workflow id {@code archive-collection/<tenant>/<collection>}.
 */
package io.decidr.workflows.archive;
