/**
 * The API abuse suite: a schema-driven generator of hostile requests (wrong, missing and extra arguments, huge
 * strings and lists, extreme numbers, deep and wide documents, batches, broken bodies and tokens), a raw HTTP and
 * graphql-ws sender, and the checks every answer must pass (no 5xx, no stack trace or class name, a code on every
 * error, bounded latency). {@code ApiAbuseIT} runs it against the whole application, bounded in requests and time.
 */
package io.decidr.platform.abuse;
