package io.decidr.platform.abuse;

import com.fasterxml.jackson.annotation.JsonValue;

/** An enum value: bare in a GraphQL literal ({@code OUT}), a string in JSON variables ({@code "OUT"}). */
record EnumLiteral(@JsonValue String name) {
}
