/** Test support other modules' tests use too (a real webhook receiver). */
package io.decidr.messaging.testing;
