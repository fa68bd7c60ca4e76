package io.decidr.bench;

/** One workload of the table: it measures itself and its baseline and adds its rows to the report. */
public interface Workload {

    /** Its name on the command line ({@code --only}). */
    String name();

    void run(BenchContext context) throws Exception;
}
