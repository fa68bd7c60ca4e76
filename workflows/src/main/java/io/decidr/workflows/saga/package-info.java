/**
 * What the onboarding and archive-collection sagas share: who a saga acts for ({@link io.decidr.workflows.saga.Caller}),
 * a domain refusal carried through Temporal ({@link io.decidr.workflows.saga.Refusal}), the deterministic command ids
 * of their steps ({@link io.decidr.workflows.saga.StepIds}) and one step's result
 * ({@link io.decidr.workflows.saga.StepDone}).
 */
package io.decidr.workflows.saga;
