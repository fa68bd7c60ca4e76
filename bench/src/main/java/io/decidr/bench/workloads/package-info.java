/** The workloads of the table, each next to its raw baseline. */
package io.decidr.bench.workloads;
