/**
 * The HTTP edge below GraphQL: whatever is refused before a GraphQL request exists (a body too large, not JSON, of
 * the wrong content type, no token) still answers a 4xx with a GraphQL-shaped error and a stable code.
 */
package io.decidr.platform.web;
