package io.decidr.platform.abuse;

/**
 * One broken promise of the API.
 *
 * @param kind     what was broken, the heading it is grouped under (e.g. "5xx status")
 * @param target   what was abused (e.g. "Query.history(id)", "body") and how ("huge-string")
 * @param request  an excerpt of what was sent
 * @param response an excerpt of what came back
 */
record Violation(String kind, String target, String request, String response) {
}
