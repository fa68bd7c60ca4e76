/**
 * The decider contract every aggregate implements, typed rejections with stable codes, and the input checks
 * all deciders share.
 */
package io.decidr.domain.decider;
