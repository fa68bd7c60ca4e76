package io.decidr.platform.abuse;

/**
 * One hostile request of the run.
 *
 * @param target what it aims at: a schema coordinate such as {@code Query.history(id)}, or {@code body},
 *               {@code token}, {@code document}
 * @param how    the abuse, e.g. {@code wrong-type object literal}, {@code huge-string 100000 chars variable}
 */
record AbuseCase(String target, String how, HttpCall call) {

    String label() {
        return target + " · " + how;
    }
}
