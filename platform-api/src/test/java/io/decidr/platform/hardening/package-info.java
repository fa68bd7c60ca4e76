/**
 * The API as an attacker and a careless client meet it: numbers, bodies, tokens, introspection, query cost, the
 * order of checks, management endpoints and roles. Each test failed before the fix it covers.
 */
package io.decidr.platform.hardening;
