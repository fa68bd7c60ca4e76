/**
 * What one tenant may use of a process: GraphQL operations per second (HTTP and graphql-ws alike), graphql-ws
 * connections, and subscriptions per connection; and how long a graphql-ws connection lives (no longer than its
 * token). Every limit is kept in memory and per replica: N replicas together admit up to N times a limit.
 */
package io.decidr.platform.limits;
