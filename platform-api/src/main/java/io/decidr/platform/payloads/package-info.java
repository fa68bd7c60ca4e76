/** Temporal payloads encrypted by this platform, and the codec endpoint that shows them to operators. */
package io.decidr.platform.payloads;
