/**
 * Test only: a workflow and an activity bean that the starter's auto-discovery registers on the
 * {@code decidr-sagas} worker of the shared test application (see {@code PlatformTest}), to prove the wiring.
 */
package io.decidr.platform.temporal;
