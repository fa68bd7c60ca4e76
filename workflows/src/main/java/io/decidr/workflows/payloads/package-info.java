/** Temporal payloads encrypted before they leave the process ({@link io.decidr.workflows.payloads.EncryptedPayloads}). */
package io.decidr.workflows.payloads;
